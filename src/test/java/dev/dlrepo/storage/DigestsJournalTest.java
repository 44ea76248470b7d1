package dev.dlrepo.storage;

import static dev.dlrepo.testing.Eventually.eventually;
import static dev.dlrepo.storage.Store.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digests journal: appended per commit, read merged, folded into upstream's {@code .digests}. */
class DigestsJournalTest {
    @TempDir
    Path root;
    Store store;
    FormatRef bin = Store.format("job1", "bin");
    Path dir;

    @BeforeEach
    void store() {
        store = new Store(root);
        dir = bin.dir(root);
    }

    @AfterEach
    void stop() {
        store.formats.close();
    }

    @Test
    void uploads_are_journaled_read_merged_and_folded_into_upstreams_bytes() throws Exception {
        TreeMap<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            expected.put("f" + i, store.upload("job1", "f" + i, "content " + i).digest().toString());
        }
        assertTrue(Files.exists(dir.resolve(DigestsFile.JOURNAL)), "small commits append to the journal");
        assertEquals(10, Files.readAllLines(dir.resolve(DigestsFile.JOURNAL)).size(), "one line per file");
        assertEquals(expected, store.repository.digests(bin), "reads merge the journal");
        // when
        store.formats.fold(bin);
        // then
        assertFalse(Files.exists(dir.resolve(DigestsFile.JOURNAL)));
        assertArrayEquals(PyJson.sortedObject(expected), Files.readAllBytes(dir.resolve(DigestsFile.NAME)));
        assertEquals(expected, store.repository.digests(bin));
    }

    @Test
    void a_journal_line_cut_off_by_a_crash_does_not_swallow_the_next_commit() throws Exception {
        // given a journal whose last line a crash cut off in the middle
        store.upload("job1", "a.bin", "alpha\n");
        store.formats.fold(bin);
        Path journal = dir.resolve(DigestsFile.JOURNAL);
        Files.writeString(journal, "{\"a.bin\": \"sha256:0123", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        store.formats.close();
        // when a server starts and a file is uploaded into the format
        Store after = new Store(root);
        after.upload("job1", "b.bin", "beta\n");
        // then it is recorded, and so is the file before the torn line
        Map<String, String> expected = Map.of("a.bin", Store.digest(utf8("alpha\n")).toString(),
                "b.bin", Store.digest(utf8("beta\n")).toString());
        assertEquals(expected, after.repository.digests(bin));
        assertEquals(expected, new Store(root).repository.digests(bin), "as read from the disk");
        after.formats.close();
    }

    @Test
    void a_replaced_file_keeps_its_last_digest_through_journal_and_fold() {
        store.upload("job1", "a", "one");
        store.formats.fold(bin);
        store.upload("job1", "a", "two");
        store.upload("job1", "b", "three");
        String two = Store.digest(utf8("two")).toString();
        assertEquals(two, store.repository.digests(bin).get("a"), "the journal's later line wins over .digests");
        store.formats.fold(bin);
        assertEquals(two, DigestsFile.read(dir).get("a"));
    }

    @Test
    void the_journal_is_folded_when_it_grows_and_after_the_format_goes_idle() throws Exception {
        for (int i = 0; i < DigestsCache.FOLD_LINES; i++) {
            store.upload("job1", "f" + i, "x" + i);
        }
        assertFalse(Files.exists(dir.resolve(DigestsFile.JOURNAL)), "folded at " + DigestsCache.FOLD_LINES + " lines");
        assertEquals(DigestsCache.FOLD_LINES, DigestsFile.snapshot(dir).digests().size());
        // when one more file comes, then nothing for a while
        store.upload("job1", "last", "last");
        assertTrue(Files.exists(dir.resolve(DigestsFile.JOURNAL)));
        awaitFolded(dir);
        assertTrue(new String(Files.readAllBytes(dir.resolve(DigestsFile.NAME)), StandardCharsets.US_ASCII).contains("\"last\": "));
    }

    @Test
    void a_busy_format_is_folded_once_free_and_never_holds_up_the_others() throws Exception {
        store.upload("job1", "a", "a");
        ExecutorService holder = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        try {
            // given the format's lock held elsewhere (as by a long post-process)
            Future<?> busy = holder.submit(() -> {
                try (Held lock = store.locks.format(bin)) {
                    held.countDown();
                    release.await();
                }
                return null;
            });
            held.await();
            // when other formats get journals meanwhile
            List<FormatRef> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(Store.format("other" + i, "bin"));
                store.upload(others.get(i), "f", utf8("f" + i));
            }
            // then they are folded while the busy one waits
            for (FormatRef other : others) {
                awaitFolded(other.dir(root));
            }
            assertTrue(Files.exists(dir.resolve(DigestsFile.JOURNAL)), "not folded under another's lock");
            release.countDown();
            busy.get();
            awaitFolded(dir);
        } finally {
            release.countDown();
            holder.shutdownNow();
        }
    }

    private static void awaitFolded(Path formatDir) {
        eventually(Duration.ofMillis(20 * JournalFolder.IDLE_MILLIS), "the journal of " + formatDir + " is folded",
                () -> !Files.exists(formatDir.resolve(DigestsFile.JOURNAL)));
    }

    @Test
    void lines_another_process_appends_are_seen_and_kept_and_a_line_still_being_written_is_not() throws Exception {
        store.upload("job1", "a", "a");
        String other = Store.digest(utf8("other")).toString();
        // when another server appends under the same cross-process lock (the cache holds this format)
        Files.writeString(dir.resolve(DigestsFile.JOURNAL), "{\"b\": \"" + other + "\"}\n{\"c\": \"sha2",
                StandardOpenOption.APPEND);
        // then
        assertEquals(Map.of("a", Store.digest(utf8("a")).toString(), "b", other), store.repository.digests(bin));
        Files.writeString(dir.resolve(DigestsFile.JOURNAL), "56:" + "0".repeat(64) + "\"}\n", StandardOpenOption.APPEND);
        store.upload("job1", "d", "d");
        store.formats.fold(bin);
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(DigestsFile.read(dir).keySet()));
    }

    @Test
    void a_line_another_process_appends_between_two_of_ours_is_kept() throws Exception {
        store.upload("job1", "a", "a");
        store.upload("job1", "b", "b"); // the cache knows the journal it has just grown
        String other = Store.digest(utf8("other")).toString();
        Files.writeString(dir.resolve(DigestsFile.JOURNAL), "{\"c\": \"" + other + "\"}\n", StandardOpenOption.APPEND);
        store.upload("job1", "d", "d");
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(store.repository.digests(bin).keySet()));
        store.formats.fold(bin);
        assertEquals(other, DigestsFile.read(dir).get("c"));
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(DigestsFile.read(dir).keySet()));
    }

    @Test
    void a_journal_another_server_folds_and_starts_again_loses_no_line_of_either() throws Exception {
        store.upload("job1", "a", "a");
        store.upload("job1", "b", "b"); // this server keeps the journal open for appending now
        Store other = new Store(root); // another server on the same data directory
        try {
            other.formats.fold(bin); // a and b into .digests, the journal removed
            other.upload("job1", "c", "c"); // a new journal
        } finally {
            other.formats.close();
        }
        store.upload("job1", "d", "d");
        store.upload("job1", "e", "e");
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(store.repository.digests(bin).keySet()));
        store.formats.fold(bin);
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(DigestsFile.read(dir).keySet()));
    }

    @Test
    void a_reader_never_misses_a_recorded_file_while_the_journal_is_folded_again_and_again() throws Exception {
        int files = 3 * DigestsCache.FOLD_LINES + 100;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int seen = 0;
                    int reads = 0;
                    while (writing.get() || reads == 0) {
                        TreeMap<String, String> now = DigestsFile.read(dir);
                        for (int i = 0; i < seen; i++) {
                            if (!now.containsKey("f" + i)) {
                                throw new AssertionError("f" + i + " vanished from " + now.size() + " entries");
                            }
                        }
                        while (now.containsKey("f" + seen)) {
                            seen++;
                        }
                        reads++;
                    }
                    return reads;
                }));
            }
            for (int i = 0; i < files; i++) {
                store.upload("job1", "f" + i, "x" + i);
            }
            writing.set(false);
            for (Future<Integer> reader : readers) {
                assertTrue(reader.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(files, DigestsFile.read(dir).size());
    }

    @Test
    void a_finalize_leaves_upstreams_digests_and_no_journal() throws Exception {
        store.upload("job1", "a", "a");
        store.repository.finalizeFormat(bin);
        assertFalse(Files.exists(dir.resolve(DigestsFile.JOURNAL)));
        assertEquals("{\"a\": \"" + Store.digest(utf8("a")) + "\"}", Files.readString(dir.resolve(DigestsFile.NAME)));
    }
}
