package dev.dlrepo.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A format's {@code .digests} (relative path to {@code "<algo>:<hex>"}, upstream's file) and our
 * {@code .digests.journal} beside it: the entries added since {@code .digests} was last written,
 * one JSON object per line, appended under the format's lock. What a format records is the file
 * merged with the journal's complete lines, later lines winning.
 *
 * <p>Why a journal: upstream rewrites the whole {@code .digests} for every file added, so adding a
 * file to a format of 10,000 costs a 1 MB write and a rename that makes ext4 flush it. Appending
 * one line is as crash-safe (the link is made first, the line after) and costs the same at any
 * size. The journal is folded into {@code .digests} (written whole, renamed, then the journal
 * removed) when it grows to a quarter of the file, when the format has been idle a moment, before
 * a finalize or a job lock, and when the server stops; at rest the tree is upstream's.
 *
 * <p>{@code .digests} is read in any key order (old upstream versions wrote insertion order),
 * written sorted in upstream's bytes, and always replaced by a rename, so a reader sees a whole
 * file; a reader that finds {@code .digests} replaced while it read the journal reads again.
 */
final class DigestsFile {
    static final String NAME = ".digests";
    static final String JOURNAL = ".digests.journal";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int ATTEMPTS = 10;

    private DigestsFile() {
    }

    /** What identifies the two files' state: a cached copy is good while it is unchanged. */
    record Version(Object digestsKey, FileTime digestsModified, long digestsSize, Object journalKey, long journalSize) {
        static Version of(Path formatDir) {
            return of(formatDir, true, false);
        }

        /**
         * The version on disk now, each file asked the cheapest way for what is expected of it:
         * straight away if it should be there, after a plain existence check if not (the JDK
         * throws for a missing file asked directly).
         */
        static Version of(Path formatDir, boolean digestsExpected, boolean journalExpected) {
            Path digests = formatDir.resolve(NAME);
            Path journal = formatDir.resolve(JOURNAL);
            BasicFileAttributes d = digestsExpected ? stat(digests) : statIfAny(digests);
            BasicFileAttributes j = journalExpected ? stat(journal) : statIfAny(journal);
            return new Version(d == null ? null : d.fileKey(), d == null ? null : d.lastModifiedTime(), d == null ? -1 : d.size(),
                    j == null ? null : j.fileKey(), j == null ? -1 : j.size());
        }

        /** The version on disk now, if it is still this one: what is expected is asked directly. */
        Version now(Path formatDir) {
            return of(formatDir, digestsKey != null, journalKey != null);
        }

        /** After {@code bytes} were appended to the journal this version names (the format's lock held throughout). */
        Version grown(long bytes) {
            return new Version(digestsKey, digestsModified, digestsSize, journalKey, journalSize + bytes);
        }

        boolean sameDigests(Version other) {
            return Objects.equals(digestsKey, other.digestsKey) && Objects.equals(digestsModified, other.digestsModified)
                    && digestsSize == other.digestsSize;
        }
    }

    /**
     * The merged entries, the number of journal lines among them, the version they were read at,
     * and whether the journal ends in a line without its newline: being written, for a reader; for
     * a writer (who holds the lock) one a crash cut off, which the next append must end first.
     */
    record Snapshot(TreeMap<String, String> digests, int journalLines, Version version, boolean journalTorn) {
    }

    /** Missing or unparsable {@code .digests} reads as empty, as upstream does; non-string values are ignored. */
    static TreeMap<String, String> read(Path formatDir) {
        return snapshot(formatDir).digests();
    }

    /** How many times the files of a format were read and parsed: what the digests cache saves. */
    static final java.util.concurrent.atomic.LongAdder PARSES = new java.util.concurrent.atomic.LongAdder();

    static Snapshot snapshot(Path formatDir) {
        PARSES.increment();
        for (int attempt = 1; ; attempt++) {
            Version before = Version.of(formatDir);
            byte[] base = bytes(formatDir.resolve(NAME));
            byte[] journal = bytes(formatDir.resolve(JOURNAL));
            Version after = Version.of(formatDir);
            if (!before.sameDigests(after) && attempt < ATTEMPTS) {
                continue; // folded meanwhile: the journal read may belong to another .digests
            }
            TreeMap<String, String> digests = new TreeMap<>();
            parse(base, digests);
            int lines = 0;
            int start = 0;
            for (int i = 0; journal != null && i < journal.length; i++) {
                if (journal[i] == '\n') {
                    parse(java.util.Arrays.copyOfRange(journal, start, i), digests);
                    start = i + 1;
                    lines++;
                }
            } // a last line without its newline is being written: not there yet
            Version read = new Version(before.digestsKey(), before.digestsModified(), before.digestsSize(),
                    after.journalKey(), journal == null ? -1 : journal.length);
            return new Snapshot(digests, lines, read, journal != null && start < journal.length);
        }
    }

    /** Appends entries to the journal in one write; the format's lock is held. Returns the bytes written. */
    static long append(Path formatDir, Map<String, String> entries) {
        try (FileChannel out = openJournal(formatDir)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            boolean torn = out.size() > 0 && out.read(last, out.size() - 1) == 1 && last.get(0) != '\n';
            return append(out, entries, torn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The journal opened for appending (created if missing). */
    static FileChannel openJournal(Path formatDir) throws IOException {
        return FileChannel.open(formatDir.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /**
     * Appends entries, one line each, in one write to an open journal; the format's lock is held.
     * {@code torn}: the journal ends in a line a crash cut off, ended first by a newline (else the
     * first entry would be glued to it, and both lost to the parse).
     */
    static long append(FileChannel journal, Map<String, String> entries, boolean torn) throws IOException {
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream(entries.size() * 100 + 1);
        if (torn) {
            lines.write('\n');
        }
        entries.forEach((path, digest) -> {
            lines.write('{');
            lines.writeBytes(PyJson.member(path, digest));
            lines.writeBytes(new byte[] {'}', '\n'});
        });
        ByteBuffer buffer = ByteBuffer.wrap(lines.toByteArray());
        while (buffer.hasRemaining()) {
            journal.write(buffer);
        }
        return buffer.limit();
    }

    /** Writes {@code .digests} (staged at {@code temp}, renamed over), then drops the journal it folds in. */
    static void write(Path formatDir, byte[] content, Path temp) {
        try {
            Files.write(temp, content);
            Files.move(temp, formatDir.resolve(NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(formatDir.resolve(JOURNAL));
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the orphan sweep removes it
            }
            throw new UncheckedIOException(e);
        }
    }

    static boolean hasJournal(Path formatDir) {
        return Files.exists(formatDir.resolve(JOURNAL), LinkOption.NOFOLLOW_LINKS);
    }

    private static void parse(byte[] json, Map<String, String> into) {
        if (json == null || json.length == 0) {
            return;
        }
        try {
            JSON.readValue(json, MAP).forEach((k, v) -> {
                if (v instanceof String s) {
                    into.put(k, s);
                }
            });
        } catch (IOException e) {
            // unparsable: upstream reads it as empty too
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * As {@link #stat} for a file that is often missing (the journal, at rest): asked first
     * without {@code NOFOLLOW_LINKS}, which the JDK answers without building an exception.
     */
    private static BasicFileAttributes statIfAny(Path file) {
        return Files.exists(file) ? stat(file) : null;
    }

    private static BasicFileAttributes stat(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }
}
