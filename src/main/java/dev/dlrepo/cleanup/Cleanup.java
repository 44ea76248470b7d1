package dev.dlrepo.cleanup;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.AfterRetention;
import dev.dlrepo.storage.DecimalSize;
import dev.dlrepo.storage.Deleted;
import dev.dlrepo.storage.Maintenance;
import dev.dlrepo.storage.Swept;
import dev.dlrepo.storage.TagState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cleanup as upstream 0.44 runs it inside the server (cleanup.md §4). A full run is tag
 * retention, then the users' quota refresh, then the orphan sweep, then (ours) the compaction of
 * the blobs' holder records; an orphan-only run follows every API deletion. Full runs come every {@code DLREPO_TAG_CLEANUP_PERIOD} seconds (0: never),
 * a period after the last one as recorded on disk ({@link Maintenance#nextCleanupDue}), whatever restarts
 * came between: an overdue run starts soon after start-up. Of several servers sharing the data
 * directory, the one that claims a due run does it; the others wait for the next.
 *
 * <p>At most one run at a time (in this process; across processes the blob locks keep a sweep
 * safe). A request made during a run is remembered and answered by one orphan-only follow-up
 * run when the current one ends; a full request made meanwhile waits for the next period.
 * Background runs log their failures and never stop the schedule.
 */
@ApplicationScoped
public class Cleanup {
    private static final Logger LOG = Logger.getLogger(Cleanup.class.getName());
    private Retention retention;
    private Maintenance storage;
    private Iterable<AfterRetention> usage;
    private long periodSeconds;
    private Schedule schedule;
    private long lifetimeMillis;
    private ScheduledThreadPoolExecutor executor;

    private final Object state = new Object();
    private boolean running;        // guarded by state
    private boolean followUp;       // guarded by state
    private boolean fullPending;    // guarded by state: carried over to the next period's run
    private long finished;          // guarded by state: runs ended, for tests and the log

    protected Cleanup() {
    }

    @Inject
    public Cleanup(Retention retention, Maintenance storage, Settings settings, Instance<AfterRetention> usage) {
        this(retention, storage, settings, (Iterable<AfterRetention>) usage);
    }

    /** Wired by hand (tests, command line), with the steps to call after retention. */
    public Cleanup(Retention retention, Maintenance storage, Settings settings, Iterable<AfterRetention> usage) {
        this(retention, storage, settings, usage, Schedule.of(storage));
    }

    Cleanup(Retention retention, Maintenance storage, Settings settings, Iterable<AfterRetention> usage,
            Schedule schedule) {
        this.schedule = schedule;
        this.retention = retention;
        this.storage = storage;
        this.usage = usage;
        this.periodSeconds = settings.tagCleanupPeriod();
        this.lifetimeMillis = settings.orphanBlobLifetime() * 1000L;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dlrepo-cleanup");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void started(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        start();
    }

    /** Starts the timer of full runs (nothing when the period is 0). */
    public void start() {
        if (periodSeconds > 0) {
            Instant due = schedule.nextDue(period(), Instant.now());
            scheduleAt(due);
            LOG.info("full cleanup every " + periodSeconds + " s, next at " + due + ", orphan lifetime "
                    + lifetimeMillis / 1000 + " s");
        } else {
            LOG.info("automatic cleanup disabled (DLREPO_TAG_CLEANUP_PERIOD=0)");
        }
    }

    /** A blob may have lost its last link: sweep orphans soon, without holding the request. */
    void deleted(@Observes Deleted deleted) {
        request(false);
    }

    private Duration period() {
        return Duration.ofSeconds(periodSeconds);
    }

    private void scheduleAt(Instant due) {
        long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
        try {
            executor.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    /** The timer: runs the full cleanup if this server claims it, then waits for the next one due. */
    private void tick() {
        try {
            if (schedule.claim(period(), Instant.now())) {
                periodic();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cleanup schedule", e); // tried again at the next period
        } finally {
            Instant next;
            try {
                next = schedule.nextDue(period(), Instant.now());
            } catch (RuntimeException e) {
                next = Instant.now().plus(period());
            }
            scheduleAt(next);
        }
    }

    private void periodic() {
        synchronized (state) {
            fullPending = false; // this run is the full run that was carried over
        }
        request(true);
    }

    /** Asks for a run in the background; during a run, a follow-up is remembered instead. */
    public void request(boolean full) {
        synchronized (state) {
            if (running) {
                followUp = true;
                fullPending |= full;
                return;
            }
            running = true;
        }
        startInBackground(full);
    }

    private void startInBackground(boolean full) {
        try {
            executor.execute(() -> {
                try {
                    execute(full);
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.SEVERE, "cleanup failed", e);
                } finally {
                    ended();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            ended(); // stopping: no more runs
        }
    }

    private void ended() {
        boolean next;
        synchronized (state) {
            finished++;
            next = followUp && !executor.isShutdown();
            followUp = false;
            running = next;
            state.notifyAll();
        }
        if (next) {
            startInBackground(false);
        }
    }

    /** Runs now, on the caller's thread, after any run in progress (and its follow-up) ended. */
    public CleanupReport run(boolean orphansOnly) {
        synchronized (state) {
            while (running) {
                try {
                    state.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a cleanup to end", e);
                }
            }
            running = true;
        }
        try {
            return execute(!orphansOnly);
        } finally {
            ended();
        }
    }

    /** What a run would delete now and the bytes it would free; deletes nothing, needs no turn. */
    public CleanupReport dryRun(boolean orphansOnly) {
        CleanupReport report = new CleanupReport(true, orphansOnly);
        List<TagState> doomed = orphansOnly ? List.of() : retention.plan();
        doomed.forEach(report::tagDeleted);
        report.swept(storage.sweepDryRun(notAfter(), retention.namesGoingAway(doomed)));
        return report;
    }

    private CleanupReport execute(boolean full) {
        CleanupReport report = new CleanupReport(false, !full);
        if (full) {
            retention.apply(report);
            for (AfterRetention refresh : usage) {
                refresh.afterRetention();
            }
        }
        LOG.fine("Deleting orphan blobs");
        Swept swept = storage.sweep(notAfter());
        report.swept(swept);
        LOG.info("Deleted " + (swept.blobs() + swept.uploads()) + " orphan blobs (" + DecimalSize.format(report.bytesFreed())
                + " bytes)");
        if (full) {
            LOG.fine("Dropped " + storage.compactHolderRecords() + " recorded holders of blobs gone or replaced");
        }
        return report;
    }

    private long notAfter() {
        return System.currentTimeMillis() - lifetimeMillis;
    }

    /** Runs ended so far (background and on demand). */
    long finished() {
        synchronized (state) {
            return finished;
        }
    }

    /** Whether a full run was asked for during a run and waits for the next period. */
    boolean fullPending() {
        synchronized (state) {
            return fullPending;
        }
    }

    /** Waits until no run is in progress or due as a follow-up. */
    void awaitIdle() throws InterruptedException {
        synchronized (state) {
            while (running) {
                state.wait();
            }
        }
    }

    boolean scheduled() {
        return !executor.getQueue().isEmpty();
    }

    /** When full runs are due and which server runs one: storage's record, shared by every server. */
    interface Schedule {
        Instant nextDue(Duration period, Instant now);

        boolean claim(Duration period, Instant now);

        static Schedule of(Maintenance storage) {
            return new Schedule() {
                @Override
                public Instant nextDue(Duration period, Instant now) {
                    return storage.nextCleanupDue(period, now);
                }

                @Override
                public boolean claim(Duration period, Instant now) {
                    return storage.claimCleanup(period, now);
                }
            };
        }
    }

    @PreDestroy
    public void stop() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("cleanup still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
