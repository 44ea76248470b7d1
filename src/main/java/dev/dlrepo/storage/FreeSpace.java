package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.InsufficientStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The data directory's free space floor ({@code DLREPO_MIN_FREE_SPACE}): an upload that would
 * leave less room than that is refused before a byte of it is read, instead of streaming
 * gigabytes into a file system that cannot hold them, and the room left keeps finalizes,
 * metadata and deletes working. Links cost no room and are not refused.
 */
@ApplicationScoped
public class FreeSpace {
    private static final Logger LOG = Logger.getLogger(FreeSpace.class.getName());
    private Path root;
    private long floor;

    protected FreeSpace() {
    }

    @Inject
    public FreeSpace(Tree tree, Settings settings) {
        this(tree.root(), settings.minFreeSpace());
    }

    FreeSpace(Path root, long floor) {
        this.root = root;
        this.floor = floor;
    }

    /**
     * 507 if an upload of {@code declared} bytes (negative: not told, as a chunked body) would
     * leave less than the floor usable; one line in the log then. No floor: never.
     */
    public void checkRoomFor(long declared) {
        if (floor <= 0) {
            return;
        }
        long usable = FullDisk.usable(root);
        if (usable - Math.max(0, declared) < floor) {
            LOG.warning("upload of " + (declared < 0 ? "an unknown size" : declared + " bytes") + " refused: " + usable
                    + " bytes usable on the data directory's file system, " + Settings.MIN_FREE_SPACE + " is " + floor);
            throw new InsufficientStorage(InsufficientStorage.FLOOR);
        }
    }
}
