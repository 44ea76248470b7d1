package dev.dlrepo.storage;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.NotFound;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The writer of formats: the queue and group commit that link blobs in as files (and charge the
 * quota), the dirty flag, deletion. Every change holds the format's cross-process lock, and
 * follows the crash-safe order: the blob exists first, then the link in the format, then its line
 * in the digests journal. The journal's folding ({@link JournalFolder}), the finalize
 * ({@link Finalizer}) and the whole-store walks ({@link FormatScans}) are its parts, sharing
 * its digests cache.
 */
@ApplicationScoped
class Formats {
    private static final Logger LOG = Logger.getLogger(Formats.class.getName());
    private static final int ATTEMPTS = 3;
    private Tree tree;
    private BlobStore blobs;
    private Locks locks;
    private Staging staging;
    private Quota quota;
    private final DigestsCache digestsCache = new DigestsCache();
    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();
    private Directories directories;
    private Charges charges;
    private JournalFolder folder;
    private Finalizer finalizer;
    private FormatScans scans;

    protected Formats() {
    }

    @Inject
    Formats(Tree tree, BlobStore blobs, Locks locks, Staging staging, Quota quota) {
        this.tree = tree;
        this.blobs = blobs;
        this.locks = locks;
        this.staging = staging;
        this.quota = quota;
        this.directories = new Directories(tree);
        this.charges = new Charges(quota);
        this.folder = new JournalFolder(tree, locks, digestsCache);
        this.finalizer = new Finalizer(tree, locks, blobs, staging, digestsCache, folder);
        this.scans = new FormatScans(tree, locks);
    }

    /**
     * Folds the format's journal into {@code .digests} now (a job is locked, the server stops):
     * afterwards the file is exactly upstream's.
     */
    public void fold(FormatRef ref) {
        folder.fold(ref);
    }

    /** Stops folding in the background and folds what is left, so a stopped server leaves upstream's files. */
    @PreDestroy
    public void close() {
        folder.close();
    }

    /** See {@link Finalizer}: the post-process on private copies, then the dirty flag cleared. */
    void finalizeFormat(FormatRef ref, PostProcess postProcess) {
        finalizer.finalizeFormat(ref, postProcess);
    }

    /** Every format of every repository (main and users'), for whole-store checks. */
    public List<FormatRef> all() {
        return scans.all();
    }

    /** The files a format records and the regular files it holds, read under its lock. */
    public FormatContents contents(FormatRef ref) {
        return scans.contents(ref);
    }

    /** Creates a job (and its tag and branch) if missing, with their {@code .stamp}s; its directory. */
    public Path createJob(JobRef job) {
        return directories.createJob(job);
    }

    /** The digests cache, shared with the readers ({@link Browser}). */
    DigestsCache digestsCache() {
        return digestsCache;
    }

    /**
     * Publishes {@code blob} as {@code path} in the format (replacing a file of that name), marks
     * the format dirty and records the digest. Creates the branch, tag, job and format as needed.
     *
     * <p>Writes to one format are committed in groups: each request queues its file, then takes
     * the format's lock; whoever holds it links every queued file and appends their digests to
     * the format's journal in one write ({@link DigestsFile}); the requests that find their file
     * done return at once. The job's lock is checked under the format's lock, where locking a job
     * waits; an {@code internal} format may still be written to in a locked job.
     */
    Linked store(FormatRef ref, ArtifactPath path, Digest digest, Path blob, boolean internal) {
        Pending mine = new Pending(path, digest, blob, internal);
        Queue queue = queues.computeIfAbsent(ref.key(), k -> new Queue());
        queue.add(mine);
        try (Held lock = locks.formatForChange(ref)) {
            if (!mine.done.isDone()) {
                commit(ref, queue);
            }
            if (queue.isEmpty()) {
                queues.remove(ref.key(), queue); // a request still holding it commits it itself
            }
        }
        try {
            return mine.done.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /** One file waiting to be linked into a format. */
    private record Pending(ArtifactPath path, Digest digest, Path blob, boolean internal, CompletableFuture<Linked> done) {
        Pending(ArtifactPath path, Digest digest, Path blob, boolean internal) {
            this(path, digest, blob, internal, new CompletableFuture<>());
        }
    }

    /** The files queued for one format, in arrival order. */
    private static final class Queue extends ConcurrentLinkedQueue<Pending> {
        private static final long serialVersionUID = 1L;
    }

    /** Under the format's lock: links every queued file, then journals their digests in one write. */
    private void commit(FormatRef ref, Queue queue) {
        List<Pending> batch = new ArrayList<>();
        boolean jobLocked = Flags.has(ref.job().dir(tree.root()), Flags.LOCKED);
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            if (jobLocked && !p.internal()) {
                p.done().completeExceptionally(new BadRequest("Cannot upload files in locked jobs"));
            } else {
                batch.add(p);
            }
        }
        if (batch.isEmpty()) {
            return; // nothing to write: a locked job is left exactly as it was
        }
        List<Pending> linked = new ArrayList<>();
        Held replacing = null;
        try {
            Path dir = directories.create(ref);
            boolean wasDirty = Flags.set(dir, Flags.DIRTY);
            TreeMap<String, String> digests = digestsCache.read(dir);
            if (batch.stream().anyMatch(p -> digests.containsKey(p.path().value()))) {
                replacing = locks.replacing(ref); // a rename comes before its line: a crash between is recovered (ReplaceMarks)
            }
            Map<String, String> added = new LinkedHashMap<>();
            Map<String, String> replaced = new LinkedHashMap<>();
            for (Pending p : batch) {
                try {
                    String before = digests.get(p.path().value());
                    if (!link(ref, dir, p)) {
                        p.done().complete(Linked.BLOB_GONE); // its holder publishes the bytes again
                        continue;
                    }
                    replaced.putIfAbsent(p.path().value(), before == null ? "" : before);
                    digestsCache.record(dir, digests, p.path().value(), p.digest().toString());
                    added.put(p.path().value(), p.digest().toString());
                    linked.add(p);
                } catch (RuntimeException e) {
                    p.done().completeExceptionally(e);
                }
            }
            if (!linked.isEmpty()) {
                boolean journal;
                try {
                    journal = digestsCache.append(dir, digests, added, tree.newUploadPath());
                } catch (RuntimeException e) {
                    unlink(ref, dir, replaced, wasDirty);
                    throw e;
                }
                if (journal) {
                    folder.journaled(ref);
                } else {
                    folder.folded(ref);
                }
            } else if (!wasDirty) {
                Flags.clear(dir, Flags.DIRTY); // nothing was written: the flag is as it was
            }
            linked.forEach(p -> p.done().complete(Linked.DONE));
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
        } catch (Error e) {
            // whoever queued a file waits for it: never leave one waiting forever
            batch.forEach(p -> p.done().completeExceptionally(e));
            throw e;
        } finally {
            if (replacing != null) {
                replacing.close();
            }
        }
    }

    /**
     * The digests could not be recorded (a full disk, say): the names just linked go, and a file
     * they replaced gets its listed blob back, so the format holds exactly what its digests say.
     * The cache forgot the format on the failure: the next read parses the files again.
     */
    private void unlink(FormatRef ref, Path dir, Map<String, String> replaced, boolean wasDirty) throws IOException {
        replaced.forEach((path, before) -> {
            Path target = new ArtifactPath(path).under(dir);
            try {
                long charged = Files.size(target);
                if (before.isEmpty()) {
                    Files.delete(target);
                } else {
                    if (!blobs.replaceWithLink(blobs.path(Digest.parse(before)), target)) {
                        LOG.warning("the blob of " + ref.key() + "/" + path + " was swept: the file it replaced is gone");
                    }
                    charged -= Files.size(target); // the link was charged the difference
                }
                charges.refund(ref, ref.job().tag().branch().repo().user().isEmpty() ? null : charged);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "undoing the link of " + ref.key() + "/" + path, e);
            }
        });
        if (!wasDirty) {
            Flags.clear(dir, Flags.DIRTY);
        }
    }

    /** Links one queued file; false if its blob was swept meanwhile (nothing linked, nothing charged). */
    private boolean link(FormatRef ref, Path dir, Pending p) {
        Path target = p.path().under(dir);
        Directories.refuseSymlinks(dir, p.path());
        for (int attempt = 1; ; attempt++) {
            Long charged = null;
            try {
                if (!target.getParent().equals(dir)) {
                    Tree.createDirectories(target.getParent());
                }
                charged = charges.charge(ref, p.blob(), target);
                if (!blobs.linkInto(p.blob(), target)) {
                    charges.refund(ref, charged);
                    return false;
                }
                return true;
            } catch (NoSuchFileException e) {
                charges.refund(ref, charged);
                // the job was deleted under us: this upload comes after the delete and recreates it
                if (attempt == ATTEMPTS) {
                    throw new UncheckedIOException(e);
                }
                try {
                    directories.create(ref);
                } catch (IOException again) {
                    throw new UncheckedIOException(again);
                }
            } catch (FileSystemException e) {
                charges.refund(ref, charged);
                // a file where a directory must go, or a directory where the file must go
                throw new BadRequest(p.path().value());
            } catch (IOException e) {
                charges.refund(ref, charged);
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                charges.refund(ref, charged);
                throw e;
            }
        }
    }

    /** Removes a whole format; other jobs sharing its blobs keep their links. */
    public void delete(FormatRef ref) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.formatForChange(ref)) {
            if (!Tree.isDirectory(dir)) {
                throw new NotFound();
            }
            refundDeleted(ref.job().tag().branch().repo(), tree.discard(dir));
        }
    }

    /** A delete through the API gives back the size of every file it removed (upstream's rule). */
    void refundDeleted(Repo repo, long bytes) {
        if (repo.user().isPresent() && bytes > 0) {
            quota.refund(repo, bytes);
        }
    }
}
