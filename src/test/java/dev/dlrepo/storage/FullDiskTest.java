package dev.dlrepo.storage;

import static dev.dlrepo.storage.Store.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.error.InsufficientStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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

    /** What the storage package logs during a test. */
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void mount() throws Exception {
        root = temp.resolve("data");
        Files.createDirectories(root);
        run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", root.toString());
        Logger.getLogger("dev.dlrepo.storage").addHandler(recorder);
    }

    Store store;

    @AfterEach
    void unmount() throws Exception {
        Logger.getLogger("dev.dlrepo.storage").removeHandler(recorder);
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

    /** Fills the file system, then gives {@code room} bytes back. */
    private void leave(long room) throws IOException {
        fill();
        try (RandomAccessFile filler = new RandomAccessFile(root.resolve("filler").toFile(), "rw")) {
            filler.setLength(Math.max(0, filler.length() - room));
        }
    }

    /** The one line a full disk is worth in the log: a warning that says so, no stack trace. */
    private void assertOneLineLogged() {
        List<LogRecord> full = logged.stream().filter(r -> r.getMessage().contains("file system is full")).toList();
        assertEquals(1, full.size(), "one line: " + logged.stream().map(LogRecord::getMessage).toList());
        assertEquals(java.util.logging.Level.WARNING, full.get(0).getLevel());
        assertEquals(null, full.get(0).getThrown(), "no stack trace");
    }

    @Test
    void an_upload_that_fills_the_disk_is_507_and_leaves_nothing_behind() throws Exception {
        // given a store with one file, and a body larger than the room left
        store = new Store(root);
        store.upload("job1", "a.txt", "stored once");
        leave(64 * 1024);
        byte[] big = new byte[200 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        // when it is uploaded (in chunks, as from a socket)
        InputStream body = new java.io.BufferedInputStream(new ByteArrayInputStream(big), 8192);
        FormatRef ref = Store.format("job2", "bin");
        InsufficientStorage refused = assertThrows(InsufficientStorage.class,
                () -> store.repository.upload(ref, new ArtifactPath("big.bin"), Store.digest(big), body, false));
        // then the answer says the storage is full, one line is logged, and nothing is left
        assertEquals(507, refused.status());
        assertEquals("Insufficient storage: the repository's file system is full", refused.reason());
        assertOneLineLogged();
        assertEquals(0L, store.uploadsLeft(), "no staged bytes left");
        assertFalse(Files.exists(store.blob(big)), "no blob");
        assertFalse(Files.exists(ref.dir(root)), "no format, no file, nothing recorded");
        // and once there is room again, the same upload works
        Files.delete(root.resolve("filler"));
        store.repository.upload(ref, new ArtifactPath("big.bin"), Store.digest(big), new ByteArrayInputStream(big), false);
        assertEquals(2L, Store.nlink(store.blob(big)));
    }

    @Test
    void a_finalize_whose_private_copies_do_not_fit_is_507_and_every_file_stays_a_link_of_its_blob() throws Exception {
        // given a format of a small and a large file, with a command, and less room than the large one
        PostProcess touchesNothing = new PostProcess() {
            @Override
            public boolean appliesTo(Set<String> paths) {
                return true;
            }

            @Override
            public Outcome run(Path dir) {
                return Outcome.success("");
            }
        };
        store = new Store(root, touchesNothing);
        byte[] large = new byte[150 * 1024];
        java.util.Arrays.fill(large, (byte) 'l');
        FormatRef ref = Store.format("job1", "bin");
        store.upload(ref, "a-small.txt", utf8("small"));
        store.upload(ref, "b-large.bin", large);
        leave(64 * 1024);
        // when it is finalized
        InsufficientStorage refused = assertThrows(InsufficientStorage.class, () -> store.repository.finalizeFormat(ref));
        // then it is refused as a full disk, with one line in the log
        assertEquals(507, refused.status());
        assertOneLineLogged();
        // and no file is left a private copy: each is a link of its blob, listed, and still dirty
        assertEquals(2L, Store.nlink(store.blob(utf8("small"))), "blob + the format's link");
        assertEquals(2L, Store.nlink(store.blob(large)), "blob + the format's link");
        assertEquals(Store.inode(store.blob(large)), Store.inode(store.file("job1", "b-large.bin")));
        assertEquals(Set.of("a-small.txt", "b-large.bin"), store.repository.digests(ref).keySet());
        assertTrue(store.repository.format(ref).dirty(), "not finalized");
        assertEquals(0L, store.uploadsLeft(), "no copy left in .uploads");
        // and with room again, it finalizes
        Files.delete(root.resolve("filler"));
        store.repository.finalizeFormat(ref);
        assertFalse(store.repository.format(ref).dirty());
    }

    @Test
    void a_finalize_whose_changed_files_do_not_fit_is_507_and_leaves_the_format_as_before() throws Exception {
        // given a format with a large file, and a command that signs it and adds a file, with room
        // for the private copy but not for publishing the signed one
        byte[] large = new byte[150 * 1024];
        java.util.Arrays.fill(large, (byte) 'l');
        PostProcess signs = new PostProcess() {
            @Override
            public boolean appliesTo(Set<String> paths) {
                return true;
            }

            @Override
            public Outcome run(Path dir) {
                try {
                    Files.write(dir.resolve("b-large.bin"), utf8("signed"), java.nio.file.StandardOpenOption.APPEND);
                    Files.write(dir.resolve("added.txt"), utf8("new"));
                    return Outcome.success("");
                } catch (IOException e) {
                    return Outcome.failure(e.toString());
                }
            }
        };
        store = new Store(root, signs);
        FormatRef ref = Store.format("job1", "bin");
        store.upload(ref, "b-large.bin", large);
        leave(250 * 1024);
        // when it is finalized
        InsufficientStorage refused = assertThrows(InsufficientStorage.class, () -> store.repository.finalizeFormat(ref));
        // then 507, one line logged, and the format as .digests says: the original bytes, linked, nothing added
        assertEquals(507, refused.status());
        assertOneLineLogged();
        Path file = store.file("job1", "b-large.bin");
        assertEquals(Store.inode(store.blob(large)), Store.inode(file), "the original blob again");
        assertEquals(2L, Store.nlink(store.blob(large)));
        assertFalse(Files.exists(store.file("job1", "added.txt")), "what the command added is gone");
        assertEquals(Set.of("b-large.bin"), store.repository.digests(ref).keySet());
        assertTrue(store.repository.format(ref).dirty());
        assertEquals(0L, store.uploadsLeft());
    }

    @Test
    void the_free_space_floor_refuses_what_would_take_the_disk_under_it_and_nothing_without_one() throws Exception {
        // given a 512 KiB file system that must keep 256 KiB free
        FreeSpace floor = new FreeSpace(root, 256 * 1024);
        // then 100 KiB may come, 300 KiB may not, and a body of unknown length may while there is room
        floor.checkRoomFor(100 * 1024);
        floor.checkRoomFor(-1);
        InsufficientStorage refused = assertThrows(InsufficientStorage.class, () -> floor.checkRoomFor(300 * 1024));
        assertEquals(507, refused.status());
        assertEquals(InsufficientStorage.FLOOR, refused.reason());
        // and once under the floor, nothing may come, whatever its length; without a floor, all may
        leave(128 * 1024);
        assertThrows(InsufficientStorage.class, () -> floor.checkRoomFor(-1));
        assertThrows(InsufficientStorage.class, () -> floor.checkRoomFor(1));
        new FreeSpace(root, 0).checkRoomFor(1L << 40);
    }

    @Test
    void a_link_by_digest_that_cannot_be_recorded_leaves_no_file_behind() throws Exception {
        // given a stored blob, then a full disk
        store = new Store(root);
        store.upload("job1", "a.txt", "stored once");
        fill();
        // when another job links it by digest
        FormatRef other = Store.format("job2", "bin");
        InsufficientStorage refused = assertThrows(InsufficientStorage.class, () -> store.repository.link(other,
                new ArtifactPath("a.txt"), Store.digest(utf8("stored once")), false, url -> true));
        assertEquals(507, refused.status());
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
