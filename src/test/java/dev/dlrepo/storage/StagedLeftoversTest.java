package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
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
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), partial.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine());
            assertEquals(0, new StagedLeftovers(tree).removeOlderThan(System.currentTimeMillis()));
            assertTrue(Files.exists(partial));
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        assertEquals(500, new StagedLeftovers(tree).removeOlderThan(System.currentTimeMillis()), "its holder is gone");
    }

    @Test
    void a_body_this_server_is_receiving_is_left_alone() throws Exception {
        Tree tree = new Tree(root);
        Path partial = upload("e0000000000000000000000000000000", 5, 3_600_000);
        try (FileChannel c = FileChannel.open(partial, StandardOpenOption.WRITE); FileLock lock = c.lock()) {
            assertEquals(0, new StagedLeftovers(tree).removeOlderThan(System.currentTimeMillis()));
        }
        assertTrue(Files.exists(partial));
    }

    /** Holds an fcntl lock on a file until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE); FileLock lock = c.lock()) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }
}
