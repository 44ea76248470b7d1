package dev.dlrepo.archive;

/**
 * One member of a tar archive as it is announced in its header: the full member name (UTF-8,
 * any length), the permission bits, the size in bytes and the modification time in seconds
 * since the epoch (negative or far-future times are allowed: pax carries them).
 */
public record TarEntry(String name, int mode, long size, long mtime) {
    public TarEntry {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid tar member name: " + name);
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("not permission bits: " + Integer.toOctalString(mode));
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }
}
