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
    private final Archives archives;
    private final Repository repository;
    private final States states;
    private final Maintenance maintenance;
    private final Expiry expiry;
    private final Orphans orphans;
    private final CleanupSchedule schedule;
    private TokenFiles tokens; // made when asked: it holds a lock file of its own

    private Storage(Path root, Settings settings, PostProcess postProcess, Function<DiskUsage, Quota> quota) {
        this.settings = settings;
        tree = new Tree(root);
        locks = new Locks(tree);
        staging = new Staging(tree, settings);
        blobs = new BlobStore(tree, settings, locks);
        usage = new DiskUsage(tree, locks);
        formats = new Formats(tree, blobs, locks, staging, Objects.requireNonNull(quota.apply(usage)));
        browser = new Browser(tree, settings, formats);
        archives = new Archives(tree);
        repository = new Repository(tree, staging, blobs, formats, browser, postProcess, usage, locks, archives);
        states = new States(tree, locks, formats, browser);
        orphans = new Orphans(tree, blobs);
        schedule = new CleanupSchedule(tree);
        expiry = new Expiry(tree, locks);
        maintenance = new Maintenance(tree, locks, staging, blobs, formats, expiry, orphans, schedule);
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

    Tree tree() {
        return tree;
    }

    Locks locks() {
        return locks;
    }

    Staging staging() {
        return staging;
    }

    BlobStore blobs() {
        return blobs;
    }

    public DiskUsage usage() {
        return usage;
    }

    Formats formats() {
        return formats;
    }

    Browser browser() {
        return browser;
    }

    /** Artifacts: uploads, links, reads, finalize, deletes. */
    public Repository repository() {
        return repository;
    }

    /** The state files of jobs, tags and branches, and the products view. */
    public States states() {
        return states;
    }

    /** The token records of the auth feature. */
    public synchronized TokenFiles tokens() {
        if (tokens == null) {
            tokens = new TokenFiles(tree);
        }
        return tokens;
    }

    /** The scrub's and the cleanup's door. */
    public Maintenance maintenance() {
        return maintenance;
    }

    Expiry expiry() {
        return expiry;
    }

    Orphans orphans() {
        return orphans;
    }

    Archives archives() {
        return archives;
    }

    CleanupSchedule schedule() {
        return schedule;
    }

    /** Folds what is left of the digests journals and lets go of the lock files: the tree is upstream's again. */
    public void close() {
        formats.close();
        schedule.close();
        synchronized (this) {
            if (tokens != null) {
                tokens.close();
            }
        }
        locks.close();
    }
}
