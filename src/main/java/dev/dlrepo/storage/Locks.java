package dev.dlrepo.storage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Locks that hold across processes, so several servers may share one data directory. A format
 * is locked while its files and {@code .digests} change; the lock is one of a fixed set of lock
 * files under {@code .locks/}, chosen by hashing the format's path. The number of stripes is a
 * constant: every process must map a format to the same file.
 */
@ApplicationScoped
class Locks {
    static final int STRIPES = 1024;
    static final int USAGE_STRIPES = 64;
    private LockFile[] stripes;
    private LockFile[] usage;
    private LockFile[] blobStripes;
    private FinalizeMarks finalizes;
    private ReplaceMarks replaces;

    protected Locks() {
    }

    @Inject
    public Locks(Tree tree) {
        Path dir = tree.locksDir();
        stripes = new LockFile[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new LockFile(dir.resolve(String.format("format-%03x", i)));
        }
        finalizes = new FinalizeMarks(dir);
        replaces = new ReplaceMarks(dir);
        usage = new LockFile[USAGE_STRIPES];
        for (int i = 0; i < USAGE_STRIPES; i++) {
            usage[i] = new LockFile(dir.resolve(String.format("usage-%02x", i)));
        }
        // a set of its own: a store holds a format's lock while it takes blob locks, so sharing
        // files with the format locks could make two threads wait for each other
        blobStripes = new LockFile[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            blobStripes[i] = new LockFile(dir.resolve(String.format("blob-%03x", i)));
        }
    }

    /** Serialises every change of one format (its files, {@code .digests}, {@code .dirty}). */
    public Held format(FormatRef format) {
        return stripes[Math.floorMod(format.key().hashCode(), STRIPES)].lock();
    }

    /**
     * The format's lock for a change of its files, once no finalize of the format runs its
     * command ({@link FinalizeMarks}): an upload, a relink, a delete waits for it.
     */
    Held formatForChange(FormatRef format) {
        while (true) {
            Held held = format(format);
            if (!finalizes.marked(format)) {
                return held;
            }
            held.close();
            finalizes.await(format);
        }
    }

    /** Held for a whole finalize of the format: its own lock and mark, see {@link FinalizeMarks}. */
    Held finalizing(FormatRef format) {
        return finalizes.finalizing(format);
    }

    /** Held by a commit that replaces recorded files, the format's lock held: see {@link ReplaceMarks}. */
    Held replacing(FormatRef format) {
        return replaces.mark(format);
    }

    /** After a crash: each finalize it cut off, given to {@code finish} with the format's own lock held; how many. */
    int finishCutOffFinalizes(Consumer<FormatRef> finish) throws IOException {
        return finalizes.recoverCutOff(finish);
    }

    /** After a crash: each commit it cut off while it replaced recorded files, given to {@code recheck} with the format's lock held. */
    int recheckCutOffReplaces(Consumer<FormatRef> recheck) throws IOException {
        return replaces.recoverCutOff(this::format, recheck);
    }

    /** The format's lock if it is free now (no waiting), else empty. */
    java.util.Optional<Held> tryFormat(FormatRef format) {
        return java.util.Optional.ofNullable(stripes[Math.floorMod(format.key().hashCode(), STRIPES)].tryLock());
    }

    /**
     * Several locks at once, for changes that span a job and its formats (locking a job) or a job
     * and a product version. Stripes are taken in index order, whatever the keys: two such changes
     * can never wait for each other in a cycle. Keys: {@link FormatRef#key()}, or any path-like name.
     */
    public Held all(java.util.Collection<String> keys) {
        int[] indexes = keys.stream().mapToInt(k -> Math.floorMod(k.hashCode(), STRIPES)).distinct().sorted().toArray();
        java.util.ArrayDeque<Held> held = new java.util.ArrayDeque<>();
        try {
            for (int i : indexes) {
                held.push(stripes[i].lock());
            }
        } catch (RuntimeException e) {
            held.forEach(Held::close);
            throw e;
        }
        return () -> held.forEach(Held::close);
    }

    /**
     * The locks of every format of a job, tag or branch (being deleted, or a job being locked), with
     * {@code more} keys, taken together in stripe order, once no finalize of one of them runs its
     * command: no commit or fold runs in a format while its directory goes to the trash. The
     * formats are listed again under the locks until none appeared meanwhile.
     */
    public Held formatsOf(java.util.function.Supplier<java.util.List<FormatRef>> formats, java.util.Collection<String> more) {
        while (true) {
            java.util.List<FormatRef> listed = formats.get();
            java.util.List<String> keys = new java.util.ArrayList<>(more);
            listed.forEach(f -> keys.add(f.key()));
            Held held = all(keys);
            java.util.Optional<FormatRef> finalizing = listed.stream().filter(finalizes::marked).findFirst();
            if (finalizing.isPresent()) {
                held.close();
                finalizes.await(finalizing.get()); // its command runs: the delete waits for it
                continue;
            }
            if (listed.equals(formats.get())) {
                return held;
            }
            held.close(); // a format appeared meanwhile: take its lock too
        }
    }

    /**
     * A job's state files and the products view of its repository (metadata and product links
     * change together). The keys are fixed strings: every process must stripe them alike.
     */
    Held job(JobRef job) {
        return all(jobKeys(job));
    }

    /** {@link #job} and every format's lock, once no finalize of one runs its command (a job being locked). */
    Held jobAndFormats(JobRef job, java.util.function.Supplier<java.util.List<FormatRef>> formats) {
        return formatsOf(formats, jobKeys(job));
    }

    /** A tag's state files ({@code .locked}, {@code .stable}, {@code .description}). */
    Held tag(TagRef tag) {
        return all(java.util.List.of("tag:" + tag.url()));
    }

    /** A branch's state files ({@code .cleanup_policy}). */
    Held branch(BranchRef branch) {
        return all(java.util.List.of("branch:" + branch.url()));
    }

    /** A repository's products view, alone (the removal of dangling links). */
    Held products(Repo repo) {
        return all(java.util.List.of(productsKey(repo)));
    }

    static java.util.List<String> jobKeys(JobRef job) {
        return java.util.List.of("job:" + job.url(), productsKey(job.tag().branch().repo()));
    }

    private static String productsKey(Repo repo) {
        return "products:" + repo.urlPrefix();
    }

    /**
     * Serialises changes of a user's {@code .disk_usage}. Taken inside a format's lock (a link is
     * charged while its format is locked), never the other way round.
     */
    public Held usage(Name user) {
        return usage[Math.floorMod(user.value().hashCode(), USAGE_STRIPES)].lock();
    }

    /**
     * Held while a blob gets a new name and while the orphan sweep removes it (key
     * {@code <algo>/<hex>}, shared by the blob's link-limit copies): no link is made to a blob
     * the sweep has decided to delete. Taken after a format's lock, never before one.
     */
    Held blob(String key) {
        return blobStripes[Math.floorMod(key.hashCode(), STRIPES)].lock();
    }

    @PreDestroy
    void close() {
        for (LockFile[] set : new LockFile[][] {stripes, usage, blobStripes}) {
            for (LockFile stripe : set) {
                try {
                    stripe.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    static void ensureDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
