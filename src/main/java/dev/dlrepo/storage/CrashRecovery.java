package dev.dlrepo.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a crash (kill -9, power loss) cut off in the middle, finished when the server starts,
 * before it answers. First the post-process commands a dead server left are ended: none may write
 * once its files are links of blobs again. Then each finalize cut off is finished as a failed one
 * ({@link CutOffFinalize}), and each commit cut off while it replaced recorded files gets its
 * records right ({@link ReplaceMarks}). Marks of work still running in another server are left
 * alone. What a crash leaves in {@code .uploads} is not here: {@link StagedLeftovers} and the sweep.
 */
@ApplicationScoped
public class CrashRecovery {
    private static final Logger LOG = Logger.getLogger(CrashRecovery.class.getName());
    private Tree tree;
    private Locks locks;
    private BlobStore blobs;
    private Staging staging;
    private Formats formats;
    private PostProcess postProcess;

    protected CrashRecovery() {
    }

    @Inject
    CrashRecovery(Tree tree, Locks locks, BlobStore blobs, Staging staging, Formats formats, PostProcess postProcess) {
        this.tree = tree;
        this.locks = locks;
        this.blobs = blobs;
        this.staging = staging;
        this.formats = formats;
        this.postProcess = postProcess;
    }

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "finishing what a crash cut off (retried at the next start; the scrub reports what is left)", e);
        }
    }

    /** Returns how many formats it recovered. */
    int recover() throws IOException {
        postProcess.endLeftovers();
        CutOffFinalize finalizes = new CutOffFinalize(tree, locks, blobs, staging, formats.digestsCache());
        return locks.finishCutOffFinalizes(finalizes::finish) + locks.recheckCutOffReplaces(this::recheck);
    }

    /**
     * Under the format's lock: a recorded file that is a link of the blob of other bytes than its
     * record names was replaced by the commit the crash cut off; it is recorded as it is.
     */
    private void recheck(FormatRef ref) {
        Path dir = ref.dir(tree.root());
        if (!Tree.isDirectory(dir)) {
            return;
        }
        DigestsCache cache = formats.digestsCache();
        TreeMap<String, String> digests = cache.read(dir);
        Map<String, String> replaced = new TreeMap<>();
        try {
            for (Map.Entry<String, String> e : digests.entrySet()) {
                Path file = dir.resolve(e.getKey());
                Digest recorded = parse(e.getValue());
                if (recorded == null || !ArtifactPath.valid(e.getKey()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        || blobs.isLinkOf(file, recorded)) {
                    continue;
                }
                Digest actual = Maintenance.hashOf(file, recorded);
                if (blobs.isLinkOf(file, actual)) {
                    replaced.put(e.getKey(), actual.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!replaced.isEmpty()) {
            replaced.forEach((path, digest) -> cache.record(dir, digests, path, digest));
            cache.write(dir, digests, tree.newUploadPath());
            LOG.warning("recorded the files of " + ref.key() + " that a crash left replaced but not recorded: " + replaced.keySet());
        }
    }

    private static Digest parse(String digest) {
        try {
            return Digest.parse(digest);
        } catch (RuntimeException e) {
            return null; // the scrub reports it
        }
    }
}
