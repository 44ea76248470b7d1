package dev.dlrepo.storage;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.error.PostProcessFailed;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Changes to formats: linking a blob in as a file, the dirty flag, deletion. Every change holds
 * the format's cross-process lock, and follows the crash-safe order: the blob exists first, then
 * the link in the format, then its line in the digests journal (folded into {@code .digests}).
 */
@ApplicationScoped
public class Formats {
    private static final Logger LOG = Logger.getLogger(Formats.class.getName());
    private static final int ATTEMPTS = 3;
    /** How long a format's journal stays after its last write before it is folded into {@code .digests}. */
    static final long IDLE_MILLIS = 1000;
    private Tree tree;
    private BlobStore blobs;
    private Locks locks;
    private Staging staging;
    private Quota quota;
    private final DigestsCache digestsCache = new DigestsCache();
    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();
    /** Formats whose journal this process wrote and has not folded yet, with when it was last written. */
    private final ConcurrentHashMap<FormatRef, Long> journals = new ConcurrentHashMap<>();
    private ScheduledExecutorService folder;

    protected Formats() {
    }

    @Inject
    public Formats(Tree tree, BlobStore blobs, Locks locks, Staging staging, Quota quota) {
        this.tree = tree;
        this.blobs = blobs;
        this.locks = locks;
        this.staging = staging;
        this.quota = quota;
    }

    /** The digests cache, shared with the readers ({@link Browser}). */
    DigestsCache digestsCache() {
        return digestsCache;
    }

    /** Notes a format's journal to fold once idle; the thread that does it starts with the first journal. */
    private void journaled(FormatRef ref) {
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
    public void fold(FormatRef ref) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
            journals.remove(ref);
            if (Tree.isDirectory(dir)) {
                digestsCache.fold(dir, tree.newUploadPath());
            }
        }
    }

    /** Stops folding in the background and folds what is left, so a stopped server leaves upstream's files. */
    @PreDestroy
    public void close() {
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
        digestsCache.close();
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
    public void store(FormatRef ref, ArtifactPath path, Digest digest, Path blob, boolean internal) {
        Pending mine = new Pending(path, digest, blob, internal);
        Queue queue = queues.computeIfAbsent(ref.key(), k -> new Queue());
        queue.add(mine);
        try (Held lock = locks.format(ref)) {
            if (!mine.done.isDone()) {
                commit(ref, queue);
            }
            if (queue.isEmpty()) {
                queues.remove(ref.key(), queue); // a request still holding it commits it itself
            }
        }
        try {
            mine.done.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /** One file waiting to be linked into a format. */
    private record Pending(ArtifactPath path, Digest digest, Path blob, boolean internal, CompletableFuture<Void> done) {
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
        try {
            Path dir = create(ref);
            boolean wasDirty = Flags.set(dir, Flags.DIRTY);
            TreeMap<String, String> digests = digestsCache.read(dir);
            Map<String, String> added = new LinkedHashMap<>();
            Map<String, String> replaced = new LinkedHashMap<>();
            for (Pending p : batch) {
                try {
                    String before = digests.get(p.path().value());
                    link(ref, dir, p);
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
                    journaled(ref);
                } else {
                    journals.remove(ref);
                }
            } else if (!wasDirty) {
                Flags.clear(dir, Flags.DIRTY); // nothing was written: the flag is as it was
            }
            linked.forEach(p -> p.done().complete(null));
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
        } catch (Error e) {
            // whoever queued a file waits for it: never leave one waiting forever
            batch.forEach(p -> p.done().completeExceptionally(e));
            throw e;
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
                    blobs.replaceWithLink(blobs.path(Digest.parse(before)), target);
                    charged -= Files.size(target); // the link was charged the difference
                }
                refund(ref, ref.job().tag().branch().repo().user().isEmpty() ? null : charged);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "undoing the link of " + ref.key() + "/" + path, e);
            }
        });
        if (!wasDirty) {
            Flags.clear(dir, Flags.DIRTY);
        }
    }

    private void link(FormatRef ref, Path dir, Pending p) {
        Path target = p.path().under(dir);
        refuseSymlinks(dir, p.path());
        for (int attempt = 1; ; attempt++) {
            Long charged = null;
            try {
                if (!target.getParent().equals(dir)) {
                    Tree.createDirectories(target.getParent());
                }
                charged = charge(ref, p.blob(), target);
                blobs.linkInto(p.blob(), target);
                return;
            } catch (NoSuchFileException e) {
                refund(ref, charged);
                // the job was deleted under us: this upload comes after the delete and recreates it
                if (attempt == ATTEMPTS) {
                    throw new UncheckedIOException(e);
                }
                try {
                    create(ref);
                } catch (IOException again) {
                    throw new UncheckedIOException(again);
                }
            } catch (FileSystemException e) {
                refund(ref, charged);
                // a file where a directory must go, or a directory where the file must go
                throw new BadRequest(p.path().value());
            } catch (IOException e) {
                refund(ref, charged);
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                refund(ref, charged);
                throw e;
            }
        }
    }

    /**
     * Upstream's accounting, at link time: a user repository pays the full size of every file
     * linked in (shared blob or not), less the file it replaces. Returns the net charge, or null
     * for the main tree, which has no quota.
     */
    private Long charge(FormatRef ref, Path blob, Path target) throws IOException {
        Repo repo = ref.job().tag().branch().repo();
        if (repo.user().isEmpty()) {
            return null;
        }
        long size = Files.size(blob);
        long replaced = 0;
        try {
            BasicFileAttributes old = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            replaced = old.isRegularFile() ? old.size() : 0;
        } catch (NoSuchFileException e) {
            // a new file
        }
        quota.charge(repo, size, replaced);
        return size - replaced;
    }

    /** Gives back a charge whose link did not happen (a negative one is taken back the same way). */
    private void refund(FormatRef ref, Long charged) {
        if (charged != null && charged != 0) {
            quota.refund(ref.job().tag().branch().repo(), charged);
        }
    }

    /** Creates the directory chain; a tag or job gets its {@code .stamp} when it is created. */
    private Path create(FormatRef ref) throws IOException {
        Path dir = ref.dir(tree.root());
        if (Tree.isDirectory(dir)) {
            return dir; // the usual case: its job and tag exist, with their stamps
        }
        createJob(ref.job());
        mkdir(dir);
        return dir;
    }

    /** Creates a job (and its tag and branch) if missing, with their {@code .stamp}s; its directory. */
    public Path createJob(JobRef job) {
        TagRef tag = job.tag();
        Path root = tree.root();
        try {
            Tree.createDirectories(tag.branch().dir(root));
            if (mkdir(tag.dir(root))) {
                stamp(tag.dir(root));
            }
            if (mkdir(job.dir(root))) {
                stamp(job.dir(root));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return job.dir(root);
    }

    private static boolean mkdir(Path dir) throws IOException {
        if (Tree.isDirectory(dir)) {
            return false; // the usual case: no exception to build on the hot path
        }
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (!Tree.isDirectory(dir)) {
                throw new BadRequest(dir.getFileName().toString());
            }
            return false;
        }
    }

    private static void stamp(Path dir) throws IOException {
        Flags.set(dir, Flags.STAMP);
    }

    /**
     * A path through a symbolic link could leave the tree: refused (none are created by us). Only
     * the directories on the way are checked: the last name is replaced, never followed ({@code
     * link()} and {@code rename()} act on the name itself), and it is usually new, which the JDK
     * would answer with an exception.
     */
    static void refuseSymlinks(Path formatDir, ArtifactPath path) {
        Path p = formatDir;
        Path names = Path.of(path.value());
        for (int i = 0; i < names.getNameCount() - 1; i++) {
            p = p.resolve(names.getName(i));
            if (Files.isSymbolicLink(p)) {
                throw new BadRequest(path.value());
            }
        }
    }

    /**
     * Finalizes a format: runs the post-process command when it applies, then clears the dirty
     * flag. The format's lock is held throughout, so uploads to it (from this process or another)
     * wait until the command is done; a timeout of the command bounds that wait. {@code .digests}
     * is refreshed whether the command succeeded or not; the flag stays set if it failed.
     */
    public void finalizeFormat(FormatRef ref, PostProcess postProcess) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
            if (!Tree.isDirectory(dir)) {
                throw new NotFound();
            }
            fold(ref); // the refresh below rewrites .digests from the files: no journal may outlive it
            TreeMap<String, String> digests = digestsCache.read(dir);
            if (postProcess.appliesTo(digests.keySet())) {
                boolean wasDirty = Flags.has(dir, Flags.DIRTY);
                String failure = postProcessPrivateCopies(dir, digests, postProcess);
                if (failure != null) {
                    // the flag is ours, not the command's: a failed finalize leaves it as it was
                    if (wasDirty) {
                        Flags.set(dir, Flags.DIRTY);
                    } else {
                        Flags.clear(dir, Flags.DIRTY);
                    }
                    throw new PostProcessFailed(failure);
                }
            }
            Flags.clear(dir, Flags.DIRTY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every format of every repository (main and users'), for whole-store checks. */
    public List<FormatRef> all() {
        List<FormatRef> out = new ArrayList<>();
        List<Repo> repos = new ArrayList<>(List.of(Repo.ROOT));
        Browser.children(tree.root().resolve("users")).forEach(u -> repos.add(Repo.ofUser(new Name(u))));
        for (Repo repo : repos) {
            Path branches = repo.dir(tree.root()).resolve("branches");
            for (String b : Browser.children(branches)) {
                BranchRef branch = new BranchRef(repo, new Name(b));
                for (String t : Browser.children(branch.dir(tree.root()))) {
                    TagRef tag = new TagRef(branch, new Name(t));
                    for (String j : Browser.children(tag.dir(tree.root()))) {
                        JobRef job = new JobRef(tag, new Name(j));
                        for (String f : Browser.children(job.dir(tree.root()))) {
                            out.add(new FormatRef(job, new Name(f)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The files a format records and the regular files it holds, read under its lock. */
    public Contents contents(FormatRef ref) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
            List<String> onDisk = new ArrayList<>();
            for (Path p : PrivateCopies.regularFiles(dir)) {
                onDisk.add(PrivateCopies.relative(dir, p));
            }
            return new Contents(dir, DigestsFile.read(dir), onDisk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A format's {@code .digests} and the files found on disk. */
    public record Contents(Path dir, Map<String, String> digests, List<String> onDisk) {
    }

    /**
     * Makes {@code path} a hard link of {@code blob} again, if {@code .digests} still names
     * {@code digest} for it (checked under the lock: a concurrent upload wins).
     */
    public boolean relink(FormatRef ref, String path, Digest digest, Path blob) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
            if (!digest.toString().equals(DigestsFile.read(dir).get(path)) || !ArtifactPath.valid(path)) {
                return false;
            }
            Path target = dir.resolve(path);
            Tree.createDirectories(target.getParent());
            blobs.linkInto(blob, target);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes a file's verified bytes as the missing blob of its digest. */
    public Path publishFrom(Path file, Digest expected) {
        try (Staged staged = staging.copyOf(file)) {
            if (!staged.digest().equals(expected)) {
                throw new IllegalStateException(file + " changed while it was copied");
            }
            return blobs.publish(staged);
        }
    }

    /**
     * Runs the command on private copies, then re-links and rewrites {@code .digests}; returns
     * why it failed, or null. An I/O error on the way counts as a failure of the post-process,
     * as upstream answers any OS-level error of this step (with the command's output, if any).
     */
    private String postProcessPrivateCopies(Path dir, TreeMap<String, String> digests, PostProcess postProcess) {
        PostProcess.Outcome outcome = null;
        try {
            PrivateCopies copies = PrivateCopies.make(dir, digests, tree, blobs, staging);
            try {
                outcome = postProcess.run(dir);
            } finally {
                digestsCache.write(dir, copies.refresh(), tree.newUploadPath());
            }
            return outcome.succeeded() ? null : outcome.detail();
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            LOG.log(Level.SEVERE, "post process failed: " + dir, cause);
            String io = "I/O error: " + cause;
            return outcome == null ? io : outcome.detail() + "\n" + io;
        }
    }

    /** Removes a whole format; other jobs sharing its blobs keep their links. */
    public void delete(FormatRef ref) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
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
