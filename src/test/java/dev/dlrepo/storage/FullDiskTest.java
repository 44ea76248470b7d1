package dev.dlrepo.storage;

import static dev.dlrepo.storage.Store.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full file system, for real: a small tmpfs mounted for the test (the build runs as root on
 * CI and on the developers' machines; elsewhere the mount fails and so does the test, loudly).
 */
class FullDiskTest {
    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void mount() throws Exception {
        root = temp.resolve("data");
        Files.createDirectories(root);
        run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", root.toString());
    }

    Store store;

    @AfterEach
    void unmount() throws Exception {
        if (store != null) {
            store.formats.close(); // the digests journal stays open between writes
        }
        run("umount", "--lazy", root.toString()); // lock files may stay open until the JVM ends
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + " (needs root): " + out);
    }

    /** Fills the file system up to its last byte. */
    private void fill() throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(root.resolve("filler"))) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
        }
    }

    @Test
    void a_link_by_digest_that_cannot_be_recorded_leaves_no_file_behind() throws Exception {
        // given a stored blob, then a full disk
        store = new Store(root);
        store.upload("job1", "a.txt", "stored once");
        fill();
        // when another job links it by digest
        FormatRef other = Store.format("job2", "bin");
        assertThrows(RuntimeException.class, () -> store.repository.link(other, new ArtifactPath("a.txt"),
                Store.digest(utf8("stored once")), false, url -> true));
        // then the format holds no file that its digests do not list, and nothing is served
        assertFalse(Files.exists(store.file("job2", "a.txt")), "no unlisted file left in the format");
        assertEquals(2L, Store.nlink(store.blob(utf8("stored once"))), "blob + job1's link only");
        Files.delete(root.resolve("filler"));
        assertTrue(store.repository.digests(other).isEmpty(), "nothing recorded");
        // and once there is room again, the same link works
        store.repository.link(other, new ArtifactPath("a.txt"), Store.digest(utf8("stored once")), false, url -> true);
        assertEquals("sha256:" + Store.digest(utf8("stored once")).hex(), store.repository.digests(other).get("a.txt"));
    }
}
