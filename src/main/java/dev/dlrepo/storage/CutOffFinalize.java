package dev.dlrepo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * A finalize cut off by a crash ends as a failed one does: every file of the format linked to the
 * blob of its bytes again (a recorded file the private copies had not replaced yet linked back
 * from its blob), the symbolic links and special files the command left removed, {@code .digests}
 * rewritten from the files, the format left dirty: finalizing it again runs the command on what
 * the format records. Until then the files were private copies, served with digests they may no
 * longer have.
 */
final class CutOffFinalize {
    private static final Logger LOG = Logger.getLogger(CutOffFinalize.class.getName());
    private final Tree tree;
    private final Locks locks;
    private final BlobStore blobs;
    private final Staging staging;
    private final DigestsCache cache;

    CutOffFinalize(Tree tree, Locks locks, BlobStore blobs, Staging staging, DigestsCache cache) {
        this.tree = tree;
        this.locks = locks;
        this.blobs = blobs;
        this.staging = staging;
        this.cache = cache;
    }

    /** The format's own finalize lock is held ({@link FinalizeMarks#recoverCutOff}); its command's processes are gone. */
    void finish(FormatRef ref) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
            if (!Tree.isDirectory(dir)) {
                return; // deleted meanwhile, by another server
            }
            PrivateCopies left = PrivateCopies.leftByCrash(dir, cache.read(dir), tree, blobs, staging);
            cache.write(dir, left.refresh(), tree.newUploadPath());
            Flags.set(dir, Flags.DIRTY);
            LOG.warning("finished the finalize of " + ref.key() + " that a crash cut off: its files are links of their"
                    + " blobs again and listed as they are, the format is dirty (finalize it again)"
                    + (left.removed().isEmpty() ? "" : "; removed what a format may not hold: " + String.join(", ", left.removed())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
