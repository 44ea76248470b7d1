package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * The storage beans of one data directory wired by hand, for what runs outside the container:
 * the command-line tools, the tests and the benchmarks (CDI wires the same beans in the server).
 * Every bean of one wiring shares one {@link Locks}: a second lock table for the same directory
 * in one wiring would let two threads each believe they hold a format's lock.
 */
public final class Storage {
    private final Settings settings;
    private final Tree tree;
    private final Locks locks;
    private final Staging staging;
    private final BlobStore blobs;
    private final DiskUsage usage;
    private final Formats formats;
    private final Browser browser;
    private final Repository repository;

    private Storage(Path root, Settings settings, PostProcess postProcess, Function<DiskUsage, Quota> quota) {
        this.settings = settings;
        tree = new Tree(root);
        locks = new Locks(tree);
        staging = new Staging(tree, settings);
        blobs = new BlobStore(tree, settings, locks);
        usage = new DiskUsage(tree, locks);
        formats = new Formats(tree, blobs, locks, staging, Objects.requireNonNull(quota.apply(usage)));
        browser = new Browser(tree, settings, formats);
        repository = new Repository(tree, staging, blobs, formats, browser, postProcess, usage, locks);
    }

    /** The beans of {@code settings}' data directory, without post-process or quota. */
    public static Storage open(Settings settings) {
        return open(settings.rootDir(), settings);
    }

    /** The beans of the data directory {@code root}, without post-process or quota. */
    public static Storage open(Path root, Settings settings) {
        return open(root, settings, PostProcess.NONE, u -> Quota.NONE);
    }

    /** The beans with a post-process command and the quota made from the store's disk usage. */
    public static Storage open(Path root, Settings settings, PostProcess postProcess, Function<DiskUsage, Quota> quota) {
        return new Storage(root, settings, postProcess, quota);
    }

    public Settings settings() {
        return settings;
    }

    public Tree tree() {
        return tree;
    }

    public Locks locks() {
        return locks;
    }

    public Staging staging() {
        return staging;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public DiskUsage usage() {
        return usage;
    }

    public Formats formats() {
        return formats;
    }

    public Browser browser() {
        return browser;
    }

    public Repository repository() {
        return repository;
    }

    public Maintenance maintenance() {
        return new Maintenance(tree, locks, staging, blobs, formats);
    }

    public Orphans orphans() {
        return new Orphans(tree, blobs);
    }

    public Expiry expiry() {
        return new Expiry(tree, locks);
    }

    public Archives archives() {
        return new Archives(tree);
    }

    public CleanupSchedule schedule() {
        return new CleanupSchedule(tree);
    }

    /** Folds what is left of the digests journals and lets go of the lock files: the tree is upstream's again. */
    public void close() {
        formats.close();
        locks.close();
    }
}
