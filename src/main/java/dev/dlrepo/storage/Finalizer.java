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
     * flag. The format's lock is held throughout, so uploads to it (from this process or another)
     * wait until the command is done; a timeout of the command bounds that wait. {@code .digests}
     * is refreshed whether the command succeeded or not; the flag stays set if it failed.
     */
    void finalizeFormat(FormatRef ref, PostProcess postProcess) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
            if (!Tree.isDirectory(dir)) {
                throw new NotFound();
            }
            folder.fold(ref); // the refresh below rewrites .digests from the files: no journal may outlive it
            TreeMap<String, String> digests = cache.read(dir);
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
                cache.write(dir, copies.refresh(), tree.newUploadPath());
            }
            return outcome.succeeded() ? null : outcome.detail();
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            LOG.log(Level.SEVERE, "post process failed: " + dir, cause);
            String io = "I/O error: " + cause;
            return outcome == null ? io : outcome.detail() + "\n" + io;
        }
    }
}
