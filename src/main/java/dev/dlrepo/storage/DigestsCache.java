package dev.dlrepo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code .digests} of recently written formats, kept parsed, with each entry's JSON kept
 * encoded: a format of 10,000 files would otherwise be re-read, re-parsed and re-encoded for every
 * file added to it. An entry is trusted only while the file on disk is the one it was read from or
 * written as: every write replaces {@code .digests} by a rename (a new inode), so a change by
 * another process or by hand is always seen. Used under the format's lock only.
 */
final class DigestsCache {
    private static final int SIZE = 64;

    /** One format's digests, and the encoded {@code "path": "digest"} of each. */
    private static final class Entry {
        Object inode;
        FileTime modified;
        long size;
        final TreeMap<String, String> digests;
        /** Sorted like {@link #digests}, kept in step by {@link #record}. */
        final TreeMap<String, byte[]> encoded = new TreeMap<>();

        Entry(TreeMap<String, String> digests) {
            this.digests = digests;
        }

        boolean matches(BasicFileAttributes now) {
            return now != null && inode.equals(now.fileKey()) && modified.equals(now.lastModifiedTime()) && size == now.size();
        }

        void identify(BasicFileAttributes now) {
            inode = now.fileKey();
            modified = now.lastModifiedTime();
            size = now.size();
        }

        void record(String path, String digest) {
            digests.put(path, digest);
            if (encoded.size() == digests.size() - 1 || encoded.containsKey(path)) {
                encoded.put(path, PyJson.member(path, digest));
            } // else: not encoded yet, bytes() encodes all
        }

        /** Upstream's bytes, joined from the encoded entries. */
        byte[] bytes() {
            if (encoded.size() != digests.size()) {
                encoded.clear();
                digests.forEach((path, digest) -> encoded.put(path, PyJson.member(path, digest)));
            }
            int total = 2 + Math.max(0, encoded.size() - 1) * 2;
            for (byte[] part : encoded.values()) {
                total += part.length;
            }
            byte[][] parts = encoded.values().toArray(new byte[0][]);
            byte[] out = new byte[total];
            int at = 0;
            out[at++] = '{';
            for (int k = 0; k < parts.length; k++) {
                if (k > 0) {
                    out[at++] = ',';
                    out[at++] = ' ';
                }
                System.arraycopy(parts[k], 0, out, at, parts[k].length);
                at += parts[k].length;
            }
            out[at] = '}';
            return out;
        }
    }

    private final Map<Path, Entry> entries = new LinkedHashMap<>(SIZE, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
            return size() > SIZE;
        }
    };

    /**
     * The format's digests, to be changed in place and then {@link #write written}; read again
     * from disk when the file changed behind the cache's back.
     */
    synchronized TreeMap<String, String> read(Path formatDir) {
        Entry cached = entries.get(formatDir);
        BasicFileAttributes now = stat(formatDir);
        if (cached != null && cached.matches(now)) {
            return cached.digests;
        }
        Entry fresh = new Entry(DigestsFile.read(formatDir));
        if (now != null) {
            fresh.identify(now);
        } else {
            fresh.inode = new Object(); // no file yet: never matches, but keeps the map for this write
            fresh.modified = FileTime.fromMillis(0);
            fresh.size = -1;
        }
        entries.put(formatDir, fresh);
        return fresh.digests;
    }

    /** Records one file in the digests {@link #read} returned, before they are written. */
    synchronized void record(Path formatDir, TreeMap<String, String> digests, String path, String digest) {
        Entry entry = entries.get(formatDir);
        if (entry != null && entry.digests == digests) {
            entry.record(path, digest);
        } else {
            digests.put(path, digest);
        }
    }

    /** Writes {@code .digests} atomically (staged at {@code temp}, renamed) and remembers it. */
    synchronized void write(Path formatDir, TreeMap<String, String> digests, Path temp) {
        Entry entry = entries.remove(formatDir);
        if (entry == null || entry.digests != digests) {
            entry = new Entry(digests);
        }
        try {
            Files.write(temp, entry.bytes());
            Files.move(temp, formatDir.resolve(DigestsFile.NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the orphan sweep removes it
            }
            throw new UncheckedIOException(e); // the entry stays out: the next read parses the file
        }
        BasicFileAttributes now = stat(formatDir);
        if (now != null) {
            entry.identify(now);
            entries.put(formatDir, entry);
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
