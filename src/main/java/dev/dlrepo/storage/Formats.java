package dev.dlrepo.storage;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.error.PostProcessFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Changes to formats: linking a blob in as a file, the dirty flag, deletion. Every change holds
 * the format's cross-process lock, and follows the crash-safe order: the blob exists first, then
 * the link in the format, then {@code .digests}.
 */
@ApplicationScoped
public class Formats {
    private static final Logger LOG = Logger.getLogger(Formats.class.getName());
    private static final int ATTEMPTS = 3;
    private Tree tree;
    private BlobStore blobs;
    private Locks locks;
    private Staging staging;

    protected Formats() {
    }

    @Inject
    public Formats(Tree tree, BlobStore blobs, Locks locks, Staging staging) {
        this.tree = tree;
        this.blobs = blobs;
        this.locks = locks;
        this.staging = staging;
    }

    /**
     * Publishes {@code blob} as {@code path} in the format (replacing a file of that name), marks
     * the format dirty and records the digest. Creates the branch, tag, job and format as needed.
     */
    public void store(FormatRef ref, ArtifactPath path, Digest digest, Path blob) {
        for (int attempt = 1; ; attempt++) {
            try (Held lock = locks.format(ref)) {
                storeLocked(ref, path, digest, blob);
                return;
            } catch (NoSuchFileException e) {
                // the job was deleted under us: this upload comes after the delete and recreates it
                if (attempt == ATTEMPTS) {
                    throw new UncheckedIOException(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void storeLocked(FormatRef ref, ArtifactPath path, Digest digest, Path blob) throws IOException {
        Path dir = create(ref);
        Path target = path.under(dir);
        refuseSymlinks(dir, path);
        boolean wasDirty = Flags.set(dir, Flags.DIRTY);
        try {
            Files.createDirectories(target.getParent());
            blobs.linkInto(blob, target);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            // a file where a directory must go, or a directory where the file must go
            restoreDirty(dir, wasDirty);
            throw new BadRequest(path.value());
        } catch (IOException | RuntimeException e) {
            restoreDirty(dir, wasDirty);
            throw e;
        }
        TreeMap<String, String> digests = DigestsFile.read(dir);
        digests.put(path.value(), digest.toString());
        DigestsFile.write(dir, digests, tree.newUploadPath());
    }

    private static void restoreDirty(Path dir, boolean wasDirty) throws IOException {
        if (!wasDirty) {
            Flags.clear(dir, Flags.DIRTY);
        }
    }

    /** Creates the directory chain; a tag or job gets its {@code .stamp} when it is created. */
    private Path create(FormatRef ref) throws IOException {
        JobRef job = ref.job();
        TagRef tag = job.tag();
        Path root = tree.root();
        Files.createDirectories(tag.branch().dir(root));
        if (mkdir(tag.dir(root))) {
            stamp(tag.dir(root));
        }
        if (mkdir(job.dir(root))) {
            stamp(job.dir(root));
        }
        mkdir(ref.dir(root));
        return ref.dir(root);
    }

    private static boolean mkdir(Path dir) throws IOException {
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

    /** A path through a symbolic link could leave the tree: refused (none are created by us). */
    static void refuseSymlinks(Path formatDir, ArtifactPath path) {
        Path p = formatDir;
        for (Path part : Path.of(path.value())) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new BadRequest(path.value());
            }
        }
    }

    public boolean isDirty(FormatRef ref) {
        return Flags.has(ref.dir(tree.root()), Flags.DIRTY);
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
            TreeMap<String, String> digests = DigestsFile.read(dir);
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
                DigestsFile.write(dir, copies.refresh(), tree.newUploadPath());
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
            tree.discard(dir);
        }
    }
}
