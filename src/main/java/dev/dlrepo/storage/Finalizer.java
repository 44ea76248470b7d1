package dev.dlrepo.storage;

import dev.dlrepo.error.NotFound;
import dev.dlrepo.error.PostProcessFailed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finalizes a format: the post-process command on private copies of its files, then the files
 * re-hashed and linked to blobs again and {@code .digests} refreshed, and the dirty flag cleared.
 * It owns the private copies: the command never sees a shared inode.
 */
final class Finalizer {
    private static final Logger LOG = Logger.getLogger(Finalizer.class.getName());
    private final Tree tree;
    private final Locks locks;
    private final BlobStore blobs;
    private final Staging staging;
    private final DigestsCache cache;
    private final JournalFolder folder;

    Finalizer(Tree tree, Locks locks, BlobStore blobs, Staging staging, DigestsCache cache, JournalFolder folder) {
        this.tree = tree;
        this.locks = locks;
        this.blobs = blobs;
        this.staging = staging;
        this.cache = cache;
        this.folder = folder;
    }

    /**
     * Finalizes a format: runs the post-process command when it applies, then clears the dirty
     * flag. The format's own finalize lock and mark ({@link FinalizeMarks}) are held throughout,
     * so uploads to it and deletes of it (from this process or another) wait until the command is
     * done, and a timeout of the command bounds that wait; the striped format lock is held only
     * for the steps before and after the command, so other formats of its stripe never wait for
     * it. {@code .digests} is refreshed whether the command succeeded or not; the flag stays set
     * if it failed (and is set while the command runs: a job is not locked meanwhile).
     */
    void finalizeFormat(FormatRef ref, PostProcess postProcess) {
        Path dir = ref.dir(tree.root());
        try (Held own = locks.finalizing(ref)) {
            boolean wasDirty;
            PrivateCopies copies;
            try (Held lock = locks.format(ref)) {
                if (!Tree.isDirectory(dir)) {
                    throw new NotFound();
                }
                folder.fold(ref); // the refresh below rewrites .digests from the files: no journal may outlive it
                TreeMap<String, String> digests = cache.read(dir);
                if (!postProcess.appliesTo(digests.keySet())) {
                    Flags.clear(dir, Flags.DIRTY);
                    return;
                }
                wasDirty = Flags.has(dir, Flags.DIRTY);
                Flags.set(dir, Flags.DIRTY);
                try {
                    copies = PrivateCopies.make(dir, digests, tree, blobs, staging); // rolled back if it fails
                } catch (IOException | RuntimeException e) {
                    fail(dir, wasDirty, null, e);
                    return;
                }
            }
            PostProcess.Outcome outcome = null;
            RuntimeException thrown = null;
            try {
                outcome = postProcess.run(dir); // no striped lock held: only this format waits
            } catch (RuntimeException e) {
                thrown = e;
            }
            try (Held lock = locks.format(ref)) {
                try {
                    cache.write(dir, copies.refresh(), tree.newUploadPath());
                } catch (IOException | RuntimeException e) {
                    copies.rollback(); // .digests was not rewritten: the files go back to what it says
                    fail(dir, wasDirty, outcome, e);
                }
                if (thrown != null) {
                    restore(dir, wasDirty);
                    throw thrown;
                }
                if (!outcome.succeeded()) {
                    restore(dir, wasDirty);
                    throw new PostProcessFailed(outcome.detail());
                }
                if (!copies.removed().isEmpty()) {
                    restore(dir, wasDirty);
                    throw new PostProcessFailed("the command left symbolic links or special files, which a format may not"
                            + " hold; removed: " + String.join(", ", copies.removed()) + "\n" + outcome.detail());
                }
                Flags.clear(dir, Flags.DIRTY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A full disk is answered 507, in one line of the log. Any other I/O error on the way counts
     * as a failure of the post-process, as upstream answers any OS-level error of this step (with
     * the command's output, if any); a refusal of the API is thrown as it is.
     */
    private static void fail(Path dir, boolean wasDirty, PostProcess.Outcome outcome, Exception e) throws IOException {
        if (FullDisk.explains(e, dir)) {
            restore(dir, wasDirty);
            throw FullDisk.refusal(e);
        }
        if (e instanceof RuntimeException r && !(e instanceof UncheckedIOException)) {
            restore(dir, wasDirty);
            throw r;
        }
        IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        LOG.log(Level.SEVERE, "post process failed: " + dir, cause);
        String io = "I/O error: " + cause;
        restore(dir, wasDirty);
        throw new PostProcessFailed(outcome == null ? io : outcome.detail() + "\n" + io);
    }

    /** The flag is ours, not the command's: a failed finalize leaves it as it was. */
    private static void restore(Path dir, boolean wasDirty) throws IOException {
        if (wasDirty) {
            Flags.set(dir, Flags.DIRTY);
        } else {
            Flags.clear(dir, Flags.DIRTY);
        }
    }
}
