package dev.dlrepo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digests of recently written formats, kept parsed, with each entry's JSON kept encoded: a
 * format of 10,000 files would otherwise be re-read and re-parsed for every file added to it, and
 * re-encoded whenever {@code .digests} is written. An entry is trusted only while both files on
 * disk are the ones it was read from or written as ({@link DigestsFile.Version}): {@code .digests}
 * is only ever replaced by a rename (a new inode) and the journal only grows, so a change by
 * another process or by hand is always seen. Writers use it under the format's lock; readers
 * (downloads, listings) without it, through {@link #digestOf} and {@link #copyOf}: every method
 * is synchronized and the writer changes an entry only through them, so a reader sees a format
 * as of one commit, never half of one.
 *
 * <p>An entry keeps its journal open for appending while the format is written to, so a commit
 * costs one {@code write()}, not an open, a write and a close: the channel is the journal the
 * version names (opened under the lock, after the version was checked), and is closed when the
 * journal is folded, when the files changed behind the cache's back, and when the entry goes.
 */
final class DigestsCache {
    private static final int SIZE = 64;
    /** The journal is folded in when it holds this many lines, or a quarter of the entries. */
    static final int FOLD_LINES = 256;

    /** One format's digests, and the encoded {@code "path": "digest"} of each. */
    private static final class Entry {
        DigestsFile.Version version;
        int journalLines;
        final TreeMap<String, String> digests;
        /** Sorted like {@link #digests}, kept in step by {@link #record}. */
        final TreeMap<String, byte[]> encoded = new TreeMap<>();
        /** The journal the version names, open for appending; null until the first append. */
        FileChannel journal;
        /** The journal ends in a line a crash cut off ({@link DigestsFile.Snapshot#journalTorn}). */
        boolean journalTorn;

        Entry(TreeMap<String, String> digests) {
            this.digests = digests;
        }

        void closeJournal() {
            if (journal != null) {
                try {
                    journal.close();
                } catch (IOException e) {
                    // nothing was pending: every append is one finished write()
                }
                journal = null;
            }
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
            byte[] out = new byte[total];
            int at = 0;
            out[at++] = '{';
            for (byte[] part : encoded.values()) {
                if (at > 1) {
                    out[at++] = ',';
                    out[at++] = ' ';
                }
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            out[at] = '}';
            return out;
        }
    }

    private final Map<Path, Entry> entries = new LinkedHashMap<>(SIZE, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
            if (size() > SIZE) {
                eldest.getValue().closeJournal();
                return true;
            }
            return false;
        }
    };

    /**
     * The format's digests ({@code .digests} and journal), to be changed in place and then
     * {@link #append appended} or {@link #write written}; read again when a file changed behind
     * the cache's back.
     */
    synchronized TreeMap<String, String> read(Path formatDir) {
        return entry(formatDir).digests;
    }

    /** The digest recorded for one file of the format, or null: what a download asks. */
    synchronized String digestOf(Path formatDir, String path) {
        return entry(formatDir).digests.get(path);
    }

    /** A copy of the format's digests, for a listing (the cached map goes on changing under writers). */
    synchronized TreeMap<String, String> copyOf(Path formatDir) {
        return new TreeMap<>(entry(formatDir).digests);
    }

    private Entry entry(Path formatDir) {
        Entry cached = entries.get(formatDir);
        if (cached != null) {
            if (cached.version.equals(cached.version.now(formatDir))) {
                return cached;
            }
            cached.closeJournal(); // changed behind the cache's back: the channel may name another file
        }
        DigestsFile.Snapshot snapshot = DigestsFile.snapshot(formatDir);
        Entry fresh = new Entry(snapshot.digests());
        fresh.version = snapshot.version();
        fresh.journalLines = snapshot.journalLines();
        fresh.journalTorn = snapshot.journalTorn();
        entries.put(formatDir, fresh);
        return fresh;
    }

    /** Records one file in the digests {@link #read} returned, before they are appended or written. */
    synchronized void record(Path formatDir, TreeMap<String, String> digests, String path, String digest) {
        Entry entry = entries.get(formatDir);
        if (entry != null && entry.digests == digests) {
            entry.record(path, digest);
        } else {
            digests.put(path, digest);
        }
    }

    /**
     * Appends the recorded {@code added} entries to the journal, then folds the journal into
     * {@code .digests} if it has grown enough. Returns whether a journal is left to fold later.
     */
    synchronized boolean append(Path formatDir, TreeMap<String, String> digests, Map<String, String> added, Path temp) {
        Entry entry = entries.get(formatDir);
        if (entry == null || entry.digests != digests) {
            DigestsFile.append(formatDir, added);
            Entry stale = entries.remove(formatDir); // evicted meanwhile: the next read parses the files
            if (stale != null) {
                stale.closeJournal();
            }
            return true;
        }
        long written;
        try {
            if (entry.journal == null || !entry.journal.isOpen()) { // an interrupted thread closes a channel
                entry.journal = DigestsFile.openJournal(formatDir);
            }
            written = DigestsFile.append(entry.journal, added, entry.journalTorn);
            entry.journalTorn = false;
        } catch (IOException e) {
            entries.remove(formatDir).closeJournal();
            throw new UncheckedIOException(e);
        }
        entry.journalLines += added.size();
        // read() checked the version against the disk under the lock still held: only a new
        // journal's identity must be asked for
        entry.version = entry.version.journalKey() == null
                ? DigestsFile.Version.of(formatDir, entry.version.digestsKey() != null, true)
                : entry.version.grown(written);
        if (entry.journalLines >= Math.max(FOLD_LINES, digests.size() / 4)) {
            write(formatDir, digests, temp);
            return false;
        }
        return true;
    }

    /** Closes every journal kept open (the store stops; each was folded before). */
    synchronized void close() {
        entries.values().forEach(Entry::closeJournal);
        entries.clear();
    }

    /** Folds the journal into {@code .digests}, if there is one; the format's lock is held. */
    synchronized void fold(Path formatDir, Path temp) {
        if (DigestsFile.hasJournal(formatDir)) {
            write(formatDir, entry(formatDir).digests, temp);
        }
    }

    /** Writes {@code .digests} atomically (staged at {@code temp}, renamed), drops the journal, remembers it. */
    synchronized void write(Path formatDir, TreeMap<String, String> digests, Path temp) {
        Entry entry = entries.remove(formatDir);
        if (entry != null) {
            entry.closeJournal(); // the journal is about to be folded in and removed
        }
        if (entry == null || entry.digests != digests) {
            entry = new Entry(digests);
        }
        DigestsFile.write(formatDir, entry.bytes(), temp); // on failure the entry stays out
        entry.version = DigestsFile.Version.of(formatDir);
        entry.journalLines = 0;
        if (entry.version.digestsKey() != null) {
            entries.put(formatDir, entry);
        }
    }
}
