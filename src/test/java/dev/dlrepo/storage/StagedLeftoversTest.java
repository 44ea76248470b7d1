package dev.dlrepo.storage;

import static dev.dlrepo.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.testing.LockHolder;
import dev.dlrepo.testing.Threads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves in .uploads goes at start-up, unless some process still receives it. */
class StagedLeftoversTest {
    @TempDir
    Path root;

    private Path upload(String name, int size, long ageMillis) throws Exception {
        Path file = Files.write(root.resolve(".uploads").resolve(name), new byte[size]);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - ageMillis));
        return file;
    }

    @Test
    void an_unheld_partial_body_older_than_the_start_goes_and_the_rest_stays() throws Exception {
        Tree tree = new Tree(root);
        Path partial = upload("a0000000000000000000000000000000", 1000, 3_600_000);
        Path young = upload("b0000000000000000000000000000000", 10, 0);
        Path blob = Files.createDirectories(root.resolve(".blobs/sha256/00")).resolve("00aa");
        Path second = upload("c0000000000000000000000000000000", 7, 3_600_000);
        Files.createLink(blob, second); // a blob's name: the sweep's
        assertEquals(1000, new StagedLeftovers(tree).removeOlderThan(System.currentTimeMillis() - 60_000));
        assertFalse(Files.exists(partial));
        assertTrue(Files.exists(young), "written after the start: a request of another server may own it");
        assertTrue(Files.exists(second));
    }

    @Test
    void a_body_another_process_is_receiving_is_left_alone() throws Exception {
        Tree tree = new Tree(root);
        Path partial = upload("d0000000000000000000000000000000", 500, 3_600_000);
        // another JVM holds the file's lock, as a request of another server receiving it does
        try (LockHolder holder = LockHolder.on(partial)) {
            assertEquals(0, new StagedLeftovers(tree).removeOlderThan(System.currentTimeMillis()));
            assertTrue(Files.exists(partial));
        }
        assertEquals(500, new StagedLeftovers(tree).removeOlderThan(System.currentTimeMillis()), "its holder is gone");
    }

    @Test
    void a_body_this_server_is_receiving_is_left_alone_and_keeps_its_lock() throws Exception {
        // given a request of this server receiving a body, its first bytes in, the rest not yet sent
        Storage storage = Storage.open(root, Settings.of(Map.of()));
        CountDownLatch rest = new CountDownLatch(1);
        byte[] first = "hello ".getBytes(StandardCharsets.UTF_8);
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(first), new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    rest.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return -1;
            }
        });
        Digest digest = Digest.sha256(MessageDigest.getInstance("SHA-256").digest(first));
        CompletableFuture<Staged> received = Threads.start(() -> storage.staging().receive(body, digest));
        eventually(Duration.ofSeconds(10), "the body is staged", () -> !uploads().isEmpty());
        Path staged = uploads().get(0);
        assertTrue(staged.toFile().setLastModified(0)); // utimes(): Files' opens the file, and a close would drop the lock
        // when the leftovers are looked for, as a start-up or the scrub does
        assertEquals(0, storage.staging().leftovers().removeOlderThan(System.currentTimeMillis()));
        // then the body stays, still locked for other processes (the look did not open it: a close would drop the lock)
        assertTrue(Files.exists(staged));
        assertTrue(LockHolder.lockedForOthers(staged), "the request's lock holds");
        rest.countDown();
        try (Staged done = received.get(10, TimeUnit.SECONDS)) {
            assertEquals(first.length, done.size());
        }
        storage.close();
    }

    private List<Path> uploads() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(".uploads"))) {
            return files.toList();
        }
    }
}
