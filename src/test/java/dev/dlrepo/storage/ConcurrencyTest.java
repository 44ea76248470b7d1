package dev.dlrepo.storage;

import static dev.dlrepo.testing.Eventually.eventually;
import static dev.dlrepo.storage.Store.inode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path root;

    @Test
    void sixteen_uploads_of_the_same_bytes_to_one_path_leave_one_consistent_file() throws Exception {
        Store store = new Store(root, "DLREPO_CHUNK_SIZE", "4096");
        byte[] body = UploadTest.random(100_000);
        race(16, i -> store.upload(Store.format("job1", "bin"), "same.bin", body));
        Path file = store.file("job1", "same.bin");
        assertEquals(inode(store.blob(body)), inode(file));
        assertEquals(2L, Store.nlink(file), "blob + one link: no duplicate blob, no leftover link");
        assertEquals(Map.of("same.bin", Store.digest(body).toString()), DigestsFile.read(file.getParent()));
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void sixteen_uploads_of_different_bytes_to_one_path_leave_one_complete_upload_that_digests_agrees_with()
            throws Exception {
        Store store = new Store(root, "DLREPO_CHUNK_SIZE", "4096");
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bodies.add(UploadTest.random(50_000 + i));
        }
        race(16, i -> store.upload(Store.format("job1", "bin"), "x.bin", bodies.get(i)));
        Path file = store.file("job1", "x.bin");
        byte[] winner = Files.readAllBytes(file);
        assertTrue(bodies.stream().anyMatch(b -> java.util.Arrays.equals(b, winner)), "one complete upload");
        assertEquals(Store.digest(winner).toString(), DigestsFile.read(file.getParent()).get("x.bin"));
        assertEquals(inode(store.blob(winner)), inode(file));
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void concurrent_uploads_of_distinct_files_into_one_format_are_all_recorded() throws Exception {
        Store store = new Store(root);
        race(16, i -> {
            for (int k = 0; k < 20; k++) {
                store.upload("job1", "f" + i + "-" + k, "content " + i + " " + k);
            }
        });
        TreeMap<String, String> digests = DigestsFile.read(store.file("job1", ".").normalize());
        assertEquals(320, digests.size());
        for (var e : digests.entrySet()) {
            assertEquals(Store.digest(Files.readAllBytes(store.file("job1", e.getKey()))).toString(), e.getValue());
        }
    }

    @Test
    void two_processes_writing_one_format_leave_every_file_recorded_and_linked() throws Exception {
        // given a second JVM uploading into the same format of the same data directory
        Process other = UploaderMain.start(root, "upload", "other", 1000);
        // when this JVM does the same at the same time (once the other has begun)
        Store store = new Store(root);
        eventually(Duration.ofSeconds(60), "the other process uploads", () -> Files.exists(store.file("job1", "other-0")));
        assertTrue(other.isAlive(), "both processes write at the same time");
        for (int k = 0; k < 200; k++) {
            store.upload("job1", "this-" + k, "this " + k);
        }
        assertTrue(other.waitFor(120, TimeUnit.SECONDS), "the other process finished");
        assertEquals(0, other.exitValue(), new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        // then .digests lists all 1,200 files with their digests, each a link of its blob
        TreeMap<String, String> digests = DigestsFile.read(store.file("job1", ".").normalize());
        assertEquals(1200, digests.size(), "no lost update of .digests between processes");
        for (var e : digests.entrySet()) {
            Path file = store.file("job1", e.getKey());
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(Store.digest(bytes).toString(), e.getValue());
            assertEquals(inode(store.blob(bytes)), inode(file));
        }
    }

    @Test
    void a_format_lock_held_by_another_process_makes_this_one_wait() throws Exception {
        // given another process holding the lock of a format for two seconds
        Process other = UploaderMain.start(root, "hold", "2000", 0);
        Path marker = root.resolve("held");
        eventually(Duration.ofSeconds(60), "the other process takes the lock", () -> Files.exists(marker));
        // when this process takes it
        Store store = new Store(root);
        try (Held lock = store.locks.format(Store.format("job1", "bin"))) {
            // then it got it only after the other released it
            assertTrue(Files.exists(root.resolve("released")), "lock excluded across processes");
        }
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
    }

    interface Task {
        void run(int i) throws Exception;
    }

    /** Runs {@code n} tasks released together; fails if any failed. */
    static void race(int n, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            results.add(pool.submit(() -> {
                start.await();
                task.run(id);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : results) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

}
