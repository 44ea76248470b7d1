package dev.dlrepo.cleanup;

import dev.dlrepo.storage.AfterRetention;
import static dev.dlrepo.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.JobRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupTest {
    @TempDir
    Path root;

    @Test
    void a_dry_run_deletes_nothing_and_reports_exactly_what_the_run_then_frees() throws Exception {
        // given three daily tags of which the policy keeps one: t1 and t2 hold unique files
        // (100 and 200 bytes), t2 shares a 50-byte file with t3, the newest
        Fixture f = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0");
        byte[] a = Fixture.bytes(100, 1);
        byte[] b = Fixture.bytes(200, 2);
        byte[] shared = Fixture.bytes(50, 3);
        f.upload("main", "t1", "a", a);
        f.upload("main", "t2", "b", b);
        f.upload("main", "t2", "s", shared);
        f.upload("main", "t3", "s", shared);
        f.stamp("main", "t1", 1L);
        f.stamp("main", "t2", 2L);
        f.stamp("main", "t3", 3L);
        f.policy("main", "{\"max_daily_tags\": 1, \"max_released_tags\": 0}");
        // and a blob already orphaned (30 bytes) and a stale upload (7 bytes)
        byte[] gone = Fixture.bytes(30, 4);
        f.upload("other", "x", "g", gone);
        f.repository.deleteJob(Fixture.format("other", "x", "job").job());
        Files.write(root.resolve(".uploads/0123456789abcdef0123456789abcdef"), Fixture.bytes(7, 5));
        // when a dry run reports
        CleanupReport dry = f.cleanup.dryRun(false);
        // then it names both expired tags and counts the blobs their deletion orphans, nothing gone
        Map<String, Object> expected = Map.of(
                "tags_deleted", Map.of("main", Map.of("daily", List.of("t2", "t1"), "released", List.of())),
                "orphan_blobs", Map.of("count", 3L, "bytes", 330L),
                "uploads", Map.of("count", 1L, "bytes", 7L),
                "bytes_freed", 337L);
        assertReport(expected, true, dry);
        assertTrue(Files.exists(f.tagDir("main", "t1")) && Files.exists(f.tagDir("main", "t2")));
        assertTrue(Files.exists(f.blob(gone)) && Files.exists(f.blob(a)) && Files.exists(f.blob(b)));
        assertEquals(1L, Files.list(root.resolve(".uploads")).count());
        // when the run happens, it frees exactly that
        assertReport(expected, false, f.cleanup.run(false));
        assertFalse(Files.exists(f.blob(a)) || Files.exists(f.blob(b)) || Files.exists(f.blob(gone)));
        assertTrue(Files.exists(f.blob(shared)), "still linked from t3");
        assertEquals(0L, Files.list(root.resolve(".uploads")).count());
    }

    private static void assertReport(Map<String, Object> expected, boolean dryRun, CleanupReport report) {
        Map<String, Object> m = report.toMap();
        assertEquals(dryRun, m.get("dry_run"));
        assertEquals(false, m.get("orphans_only"));
        expected.forEach((k, v) -> assertEquals(v, m.get(k), k));
    }

    @Test
    void an_orphan_is_a_file_with_one_name_untouched_for_the_lifetime() throws Exception {
        Fixture f = new Fixture(root); // default lifetime: 600 s
        // given: a young orphan, an old orphan, an old blob still linked, an old orphan probed by digest
        byte[] young = Fixture.utf8("young");
        byte[] old = Fixture.utf8("old");
        byte[] linked = Fixture.utf8("linked");
        byte[] probed = Fixture.utf8("probed");
        for (byte[] c : List.of(young, old, probed)) {
            f.upload("main", "t", "x", c);
            f.repository.deleteJob(Fixture.format("main", "t", "job").job());
        }
        f.upload("main", "t", "linked", linked);
        Fixture.age(f.blob(old), 601);
        Fixture.age(f.blob(linked), 10_000);
        Fixture.age(f.blob(probed), 10_000);
        assertTrue(f.repository.blobSize(Fixture.digest(probed), url -> true).isEmpty(),
                "a HEAD with Digest finds no holder of an orphan, and does not touch it");
        // and in .uploads: a stale file, a fresh one, an old one with a second name
        Path stale = Files.write(root.resolve(".uploads/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), Fixture.bytes(11, 1));
        Path fresh = Files.write(root.resolve(".uploads/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), Fixture.bytes(13, 2));
        Path twoNames = Files.write(root.resolve(".uploads/cccccccccccccccccccccccccccccccc"), Fixture.bytes(17, 3));
        Files.createLink(root.resolve("elsewhere"), twoNames);
        Fixture.age(stale, 601);
        Fixture.age(twoNames, 10_000);
        // when an orphan-only run happens
        CleanupReport report = f.cleanup.run(true);
        // then only the old orphans and the stale upload are gone
        assertFalse(Files.exists(f.blob(old)));
        assertFalse(Files.exists(f.blob(probed)));
        assertFalse(Files.exists(stale));
        for (Path kept : List.of(f.blob(young), f.blob(linked), fresh, twoNames)) {
            assertTrue(Files.exists(kept), kept.toString());
        }
        assertEquals(Map.of("count", 2L, "bytes", 9L), report.toMap().get("orphan_blobs"));
        assertEquals(Map.of("count", 1L, "bytes", 11L), report.toMap().get("uploads"));
        assertEquals(true, report.toMap().get("orphans_only"));
    }

    @Test
    void a_link_count_drop_to_one_makes_a_blob_an_orphan_whatever_names_the_file_had() throws Exception {
        // given one blob linked from two jobs, then both jobs deleted one after the other
        Fixture f = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0");
        byte[] c = Fixture.utf8("twice");
        f.upload(Fixture.format("main", "t", "j1"), "x", c);
        f.upload(Fixture.format("main", "t", "j2"), "x", c);
        f.repository.deleteJob(new JobRef(Fixture.format("main", "t", "j1").job().tag(), dev.dlrepo.storage.Name.of("j1")));
        f.cleanup.run(true);
        assertTrue(Files.exists(f.blob(c)), "one link left");
        f.repository.deleteJob(Fixture.format("main", "t", "j2").job());
        f.cleanup.run(true);
        assertFalse(Files.exists(f.blob(c)), "no link left");
    }

    @Test
    void a_staged_name_a_crash_left_beside_its_blob_goes_and_so_does_the_blob_once_unlinked() throws Exception {
        // given an upload killed between publishing its staged file as the blob and removing it:
        // .uploads/<name> is the blob's second name, and the job holding the file is deleted
        Fixture f = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0");
        byte[] c = Fixture.utf8("staged then killed");
        f.upload(Fixture.format("main", "t", "j1"), "x", c);
        Path staged = Files.createLink(root.resolve(".uploads/99999999999999999999999999999999"), f.blob(c));
        f.repository.deleteJob(Fixture.format("main", "t", "j1").job());
        // when a dry run, then an orphan-only run happen
        Map<String, Object> dry = f.cleanup.dryRun(true).toMap();
        CleanupReport report = f.cleanup.run(true);
        // then the staged name and the blob go in one run, counted as the blob's bytes only
        assertFalse(Files.exists(staged));
        assertFalse(Files.exists(f.blob(c)), "an orphan once its staged name is gone");
        assertEquals(Map.of("count", 1L, "bytes", (long) c.length), report.toMap().get("orphan_blobs"));
        assertEquals(Map.of("count", 1L, "bytes", 0L), report.toMap().get("uploads"));
        assertEquals(report.toMap().get("orphan_blobs"), dry.get("orphan_blobs"), "the dry run said so");
        assertEquals(report.toMap().get("uploads"), dry.get("uploads"));
    }

    @Test
    void a_second_name_in_uploads_linked_within_the_lifetime_is_kept_it_may_be_a_replace_in_progress() throws Exception {
        Fixture f = new Fixture(root); // 600 s
        byte[] c = Fixture.utf8("being replaced");
        f.upload(Fixture.format("main", "t", "j1"), "x", c);
        Path temp = Files.createLink(root.resolve(".uploads/88888888888888888888888888888888"), f.blob(c));
        Fixture.age(f.blob(c), 10_000); // the inode's mtime is old; its ctime, set by link(), is not
        f.cleanup.run(true);
        assertTrue(Files.exists(temp));
    }

    @Test
    void requests_during_a_run_get_one_orphan_only_follow_up_and_a_full_one_waits_for_the_period() throws Exception {
        // given a full run blocked in the quota refresh
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger refreshes = new AtomicInteger();
        AfterRetention blocking = () -> {
            refreshes.incrementAndGet();
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Fixture f = new Fixture(root, List.of(blocking), "DLREPO_ORPHAN_BLOB_LIFETIME", "0");
        f.cleanup.request(true);
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        // when an orphan run, another, and a full run are asked for meanwhile
        f.cleanup.request(false);
        f.cleanup.request(false);
        f.cleanup.request(true);
        assertEquals(0L, f.cleanup.finished());
        release.countDown();
        f.cleanup.awaitIdle();
        // then exactly one follow-up ran, orphan-only (no second refresh), and the full one is pending
        assertEquals(2L, f.cleanup.finished());
        assertEquals(1, refreshes.get());
        assertTrue(f.cleanup.fullPending());
        f.cleanup.stop();
    }

    @Test
    void a_failing_run_is_logged_and_the_next_one_runs() throws Exception {
        // given a quota refresh that fails the first time
        AtomicInteger calls = new AtomicInteger();
        AfterRetention flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("disk on fire");
            }
        };
        Fixture f = new Fixture(root, List.of(flaky), "DLREPO_ORPHAN_BLOB_LIFETIME", "0");
        Path stale = Files.write(root.resolve(".uploads/dddddddddddddddddddddddddddddddd"), Fixture.bytes(5, 1));
        // when two background full runs are asked for, one after the other
        f.cleanup.request(true);
        f.cleanup.awaitIdle();
        assertTrue(Files.exists(stale), "the failed run stopped before the sweep");
        f.cleanup.request(true);
        f.cleanup.awaitIdle();
        // then the second one did its work
        assertEquals(2L, f.cleanup.finished());
        assertFalse(Files.exists(stale));
        f.cleanup.stop();
    }

    @Test
    void the_timer_runs_a_full_cleanup_every_period() throws Exception {
        // given a period of one second and a stale upload
        Fixture f = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0", "DLREPO_TAG_CLEANUP_PERIOD", "1");
        Path stale = Files.write(root.resolve(".uploads/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"), Fixture.bytes(5, 1));
        // when the schedule starts, the upload goes by itself
        f.cleanup.start();
        assertTrue(f.cleanup.scheduled());
        eventually(Duration.ofSeconds(30), "the timer's run sweeps the stale upload", () -> !Files.exists(stale));
        f.cleanup.stop();
    }

    @Test
    void a_server_restarted_more_often_than_the_period_still_runs_the_full_cleanup_when_it_is_due() throws Exception {
        // given a daily period, the last full run recorded two days ago (the server restarted since)
        Fixture f = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0", "DLREPO_TAG_CLEANUP_PERIOD", "86400");
        Files.writeString(f.scheduleFile(), Long.toString(Instant.now().minusSeconds(2 * 86400).getEpochSecond()));
        Path stale = Files.write(root.resolve(".uploads/ffffffffffffffffffffffffffffffff"), Fixture.bytes(5, 1));
        // when the server starts
        f.cleanup.start();
        // then the overdue run happens soon, not a day later, and is recorded
        eventually(Duration.ofSeconds(10), "the overdue full cleanup sweeps the stale upload", () -> !Files.exists(stale));
        f.cleanup.awaitIdle();
        long recorded = f.lastScheduled().orElseThrow().getEpochSecond();
        assertTrue(Math.abs(recorded - Instant.now().getEpochSecond()) < 30, "recorded as run now: " + recorded);
        f.cleanup.stop();
    }

    @Test
    void a_restart_before_the_period_is_over_neither_runs_early_nor_pushes_the_schedule_back() throws Exception {
        // given a run recorded an hour ago, and a daily period
        Fixture f = new Fixture(root, "DLREPO_TAG_CLEANUP_PERIOD", "86400");
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        Files.writeString(f.scheduleFile(), Long.toString(anHourAgo.getEpochSecond()));
        // when the server starts, then nothing runs: its timer is set for the next run, due 23 hours from now
        f.cleanup.start();
        assertTrue(f.cleanup.scheduled());
        assertEquals(Instant.ofEpochSecond(anHourAgo.getEpochSecond()).plus(Duration.ofDays(1)),
                f.schedule.nextDue(Duration.ofDays(1), Instant.now()), "the time the timer was set for");
        assertEquals(0L, f.cleanup.finished());
        assertEquals(anHourAgo.getEpochSecond(), f.lastScheduled().orElseThrow().getEpochSecond());
        f.cleanup.stop();
        // and a data directory without a record starts its schedule at the first start, kept across restarts
        Files.delete(f.scheduleFile());
        Fixture fresh = new Fixture(root, "DLREPO_TAG_CLEANUP_PERIOD", "86400");
        fresh.cleanup.start();
        Instant first = fresh.lastScheduled().orElseThrow();
        fresh.cleanup.stop();
        Fixture again = new Fixture(root, "DLREPO_TAG_CLEANUP_PERIOD", "86400");
        again.cleanup.start();
        assertEquals(first, again.lastScheduled().orElseThrow(), "a restart does not push the schedule back");
        assertEquals(0L, again.cleanup.finished());
        again.cleanup.stop();
    }

    @Test
    void of_two_servers_on_one_data_directory_one_runs_a_due_cleanup() throws Exception {
        // given two servers on one data directory, the run overdue for both
        Fixture one = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0", "DLREPO_TAG_CLEANUP_PERIOD", "86400");
        Fixture two = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0", "DLREPO_TAG_CLEANUP_PERIOD", "86400");
        // (one JVM: the schedule's lock file is shared, as a process shares it between its threads;
        // it tells the test which servers found the run due as they started, and each claim and its answer)
        Thread test = Thread.currentThread();
        List<Boolean> dueAtStart = new CopyOnWriteArrayList<>();
        List<Boolean> claims = new CopyOnWriteArrayList<>();
        Cleanup.Schedule recorded = Cleanup.Schedule.of(one.maintenance);
        Cleanup.Schedule schedule = new Cleanup.Schedule() {
            @Override
            public Instant nextDue(Duration period, Instant now) {
                Instant due = recorded.nextDue(period, now);
                if (Thread.currentThread() == test) {
                    dueAtStart.add(!due.isAfter(now));
                }
                return due;
            }

            @Override
            public boolean claim(Duration period, Instant now) {
                boolean claimed = recorded.claim(period, now);
                claims.add(claimed);
                return claimed;
            }
        };
        Settings settings = Settings.of(Map.of("DLREPO_TAG_CLEANUP_PERIOD", "86400"));
        Cleanup first = new Cleanup(one.retention, one.maintenance, settings, List.of(), schedule);
        Cleanup second = new Cleanup(two.retention, two.maintenance, settings, List.of(), schedule);
        Files.writeString(one.scheduleFile(), Long.toString(Instant.now().minusSeconds(2 * 86400).getEpochSecond()));
        // when both start at once
        first.start();
        second.start();
        // then every timer set to fire at once claims the run (a server started after the run was
        // recorded sets its timer a period later), exactly one claim is granted, and that run ends
        long firing = dueAtStart.stream().filter(due -> due).count();
        assertTrue(firing >= 1, "the run was overdue for the first server");
        eventually(Duration.ofSeconds(10), "the timers that fired claim the run", () -> claims.size() == firing);
        assertEquals(1L, claims.stream().filter(granted -> granted).count(), "claims granted: " + claims);
        eventually(Duration.ofSeconds(10), "the claimed run ends", () -> first.finished() + second.finished() == 1);
        first.awaitIdle();
        second.awaitIdle();
        assertEquals(1L, first.finished() + second.finished());
        first.stop();
        second.stop();
    }

    @Test
    void a_period_of_zero_schedules_nothing() {
        Fixture f = new Fixture(root, "DLREPO_TAG_CLEANUP_PERIOD", "0");
        f.cleanup.start();
        assertFalse(f.cleanup.scheduled());
        f.cleanup.stop();
    }
}
