package dev.dlrepo.storage;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Folds the digests journals into {@code .digests}: a format idle for {@link #IDLE_MILLIS}, one
 * about to be finalized or locked, and every one left when the server stops. At rest the tree is
 * upstream's. One background thread, started with the first journal.
 */
final class JournalFolder {
    private static final Logger LOG = Logger.getLogger(JournalFolder.class.getName());
    /** How long a format's journal stays after its last write before it is folded into {@code .digests}. */
    static final long IDLE_MILLIS = 1000;
    private final Tree tree;
    private final Locks locks;
    private final DigestsCache cache;
    /** Formats whose journal this process wrote and has not folded yet, with when it was last written. */
    private final ConcurrentHashMap<FormatRef, Long> journals = new ConcurrentHashMap<>();
    private ScheduledExecutorService folder;

    JournalFolder(Tree tree, Locks locks, DigestsCache cache) {
        this.tree = tree;
        this.locks = locks;
        this.cache = cache;
    }

    /** The journal was folded by the commit itself: nothing left to do for it. */
    void folded(FormatRef ref) {
        journals.remove(ref);
    }

    /** Notes a format's journal to fold once idle; the thread that does it starts with the first journal. */
    void journaled(FormatRef ref) {
        journals.put(ref, System.nanoTime());
        synchronized (journals) {
            if (folder == null) {
                folder = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "dlrepo-digests");
                    t.setDaemon(true);
                    return t;
                });
                folder.scheduleWithFixedDelay(this::foldIdle, IDLE_MILLIS, IDLE_MILLIS / 2, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Folds the journal of every format that has been idle {@link #IDLE_MILLIS}: at rest,
     * {@code .digests} names every file, as upstream's tools expect. A format whose lock is busy
     * (a post-process can hold it for minutes) is left for a later round, not waited for.
     */
    private void foldIdle() {
        long now = System.nanoTime();
        journals.forEach((ref, written) -> {
            if (now - written < TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) {
                return;
            }
            try {
                locks.tryFormat(ref).ifPresent(lock -> {
                    try (lock) {
                        fold(ref);
                    }
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "folding the digests journal of " + ref.key(), e);
            }
        });
    }

    /**
     * Folds the format's journal into {@code .digests} now (a job is locked, the server stops):
     * afterwards the file is exactly upstream's.
     */
    void fold(FormatRef ref) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
            journals.remove(ref);
            if (Tree.isDirectory(dir)) {
                cache.fold(dir, tree.newUploadPath());
            }
        }
    }

    /** Stops folding in the background and folds what is left, so a stopped server leaves upstream's files. */
    void close() {
        synchronized (journals) {
            if (folder != null) {
                folder.shutdown(); // not interrupted: an interrupt closes the channel of a lock file
                try {
                    folder.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        journals.keySet().forEach(ref -> {
            try {
                fold(ref);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "folding the digests journal of " + ref.key(), e);
            }
        });
        cache.close();
    }
}
