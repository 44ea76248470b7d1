package dev.dlrepo.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code .digests} of recently written formats, kept parsed so that a write does not re-read
 * and re-parse a file of thousands of entries. An entry is trusted only while the file on disk is
 * the one it was read from or written as: every write replaces {@code .digests} by a rename (a new
 * inode), so a change by another process or by hand is always seen. Used under the format's lock.
 */
final class DigestsCache {
    private static final int SIZE = 64;

    private record Entry(Object inode, FileTime modified, long size, TreeMap<String, String> digests) {
    }

    private final Map<Path, Entry> entries = new LinkedHashMap<>(SIZE, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
            return size() > SIZE;
        }
    };

    /** A private, modifiable copy of the format's digests. */
    synchronized TreeMap<String, String> read(Path formatDir) {
        Entry cached = entries.get(formatDir);
        BasicFileAttributes now = stat(formatDir);
        if (cached != null && now != null && cached.inode.equals(now.fileKey())
                && cached.modified.equals(now.lastModifiedTime()) && cached.size == now.size()) {
            return new TreeMap<>(cached.digests);
        }
        TreeMap<String, String> digests = DigestsFile.read(formatDir);
        if (now != null) {
            entries.put(formatDir, new Entry(now.fileKey(), now.lastModifiedTime(), now.size(), new TreeMap<>(digests)));
        }
        return digests;
    }

    /** Writes {@code .digests} and remembers what it now holds. */
    synchronized void write(Path formatDir, TreeMap<String, String> digests, Path temp) {
        entries.remove(formatDir);
        DigestsFile.write(formatDir, digests, temp);
        BasicFileAttributes now = stat(formatDir);
        if (now != null) {
            entries.put(formatDir, new Entry(now.fileKey(), now.lastModifiedTime(), now.size(), new TreeMap<>(digests)));
        }
    }

    private static BasicFileAttributes stat(Path formatDir) {
        try {
            return Files.readAttributes(formatDir.resolve(DigestsFile.NAME), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
