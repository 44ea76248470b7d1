package dev.dlrepo.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records the holders of every blob once, for a data directory whose files were linked before
 * holders were recorded (written by upstream, or by an earlier version of ours): on the first
 * start, in the background, from each format's {@code .digests}. Until a blob's holders are
 * recorded, a link or probe by its digest is answered 404 and the client sends the bytes.
 */
@ApplicationScoped
class HolderRecords {
    private static final Logger LOG = Logger.getLogger(HolderRecords.class.getName());
    private BlobStore blobs;
    private Formats formats;

    protected HolderRecords() {
    }

    @Inject
    public HolderRecords(BlobStore blobs, Formats formats) {
        this.blobs = blobs;
        this.formats = formats;
    }

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (blobs.recordsBuilt()) {
            return;
        }
        Thread builder = new Thread(() -> {
            try {
                long recorded = recordAll();
                LOG.info("recorded " + recorded + " holders of blobs linked before holders were recorded");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "recording the holders of the blobs (retried at the next start)", e);
            }
        }, "dlrepo-holders");
        builder.setDaemon(true);
        builder.start();
    }

    /**
     * Records every file that is a link of its blob and not recorded yet, then marks the data
     * directory as recorded. Returns the number of holders recorded.
     */
    public long recordAll() {
        long recorded = 0;
        for (FormatRef format : formats.all()) {
            FormatContents contents = formats.contents(format);
            for (Map.Entry<String, String> e : contents.digests().entrySet()) {
                if (recordIfHeld(contents.dir(), e.getKey(), e.getValue())) {
                    recorded++;
                }
            }
        }
        blobs.recordsBuiltNow();
        return recorded;
    }

    private boolean recordIfHeld(Path dir, String path, String digest) {
        Digest parsed;
        try {
            parsed = Digest.parse(digest);
        } catch (RuntimeException e) {
            return false; // the scrub reports it
        }
        Path file = dir.resolve(path);
        if (!ArtifactPath.valid(path) || blobs.recordedHolder(parsed, file) || !blobs.isLinkOf(file, parsed)) {
            return false;
        }
        blobs.recordHolder(parsed, file);
        return true;
    }
}
