package dev.dlrepo.storage;

import dev.dlrepo.archive.TarEntry;
import dev.dlrepo.archive.TarWriter;
import dev.dlrepo.error.BadRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tar archive ready to be streamed (api.md §7): its members are the files the formats'
 * {@code .digests} name, sorted by member name, each under {@code <name>/}, then
 * {@code <name>/SHA256SUMS.txt} when any of them has a sha256 digest. Planned before the first
 * byte goes out, so that a missing object is still a clean 404; the files are opened only while
 * writing, one at a time.
 */
public final class Archive {
    static final String SUMS = "SHA256SUMS.txt";
    private final String name;
    private final long timestamp;
    private final List<Member> members;
    private final boolean dirty;

    Archive(String name, long timestamp, List<Member> members, boolean dirty) {
        this.name = name;
        this.timestamp = timestamp;
        this.members = List.copyOf(members);
        this.dirty = dirty;
    }

    /** One file: its name in the archive (without the archive prefix) and where it is. */
    record Member(String name, Path formatDir, String path, String digest) {
    }

    /** The archive's name: the top directory of its members and, with {@code .tar}, its file name. */
    public String name() {
        return name;
    }

    /** Whether a format in it is still being filled (its dirty flag is set). */
    public boolean dirty() {
        return dirty;
    }

    /**
     * Streams the archive. A file listed in {@code .digests} that is gone, or is not a regular
     * file (a symbolic link, a directory), is left out, and so is its checksum line: a listing
     * never promises what the archive does not hold.
     */
    public long writeTo(OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        StringBuilder sums = new StringBuilder();
        for (Member m : members) {
            if (write(tar, m)) {
                sha256Hex(m.digest()).ifPresent(hex -> sums.append(hex).append("  ").append(m.name()).append('\n'));
            }
        }
        if (sums.length() > 0) {
            byte[] bytes = sums.toString().getBytes(StandardCharsets.UTF_8);
            tar.add(new TarEntry(name + "/" + SUMS, 0644, bytes.length, timestamp), bytes);
        }
        return tar.finish();
    }

    private boolean write(TarWriter tar, Member m) throws IOException {
        Path file = m.formatDir().resolve(m.path());
        try {
            Directories.refuseSymlinks(m.formatDir(), new ArtifactPath(m.path()));
        } catch (BadRequest e) {
            return false;
        }
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(file, "unix:mode,size,lastModifiedTime,isRegularFile", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!(Boolean) attrs.get("isRegularFile")) {
            return false; // a directory, a link, a pipe: not a file of the format
        }
        int mode = (Integer) attrs.get("mode") & 07777;
        long size = (Long) attrs.get("size");
        long mtime = seconds((FileTime) attrs.get("lastModifiedTime"));
        // opened before the header goes out: a file deleted now is skipped, one deleted later is
        // still read in full through the open descriptor
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            tar.add(new TarEntry(name + "/" + m.name(), mode, size, mtime), channel);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Whole seconds; a file with no time (mtime exactly 0) takes the archive's timestamp, as upstream. */
    private long seconds(FileTime time) {
        if (time.toInstant().equals(java.time.Instant.EPOCH)) {
            return timestamp;
        }
        return Math.floorDiv(time.toMillis(), 1000L);
    }

    private static java.util.Optional<String> sha256Hex(String digest) {
        if (digest != null && digest.length() > 7 && digest.regionMatches(true, 0, "sha256:", 0, 7)) {
            return java.util.Optional.of(digest.substring(7).toLowerCase(Locale.ROOT));
        }
        return java.util.Optional.empty();
    }
}
