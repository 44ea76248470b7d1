package dev.dlrepo.storage;

import static dev.dlrepo.storage.Store.inode;
import static dev.dlrepo.storage.Store.nlink;
import static dev.dlrepo.storage.Store.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.DigestMismatch;
import dev.dlrepo.error.IncompleteBody;
import dev.dlrepo.error.NotFound;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadTest {
    @TempDir
    Path root;
    Store store;

    @BeforeEach
    void store() {
        store = new Store(root, "DLREPO_CHUNK_SIZE", "4096");
    }

    @Test
    void an_upload_becomes_a_read_only_blob_hard_linked_into_the_format() throws Exception {
        // when
        store.upload("job1", "hello.txt", "hello world\n");
        // then
        Path blob = store.blob(utf8("hello world\n"));
        Path file = store.file("job1", "hello.txt");
        assertEquals(inode(blob), inode(file), "the published file is the blob's inode");
        assertEquals(2L, nlink(blob), "blob + one link");
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)));
        store.formats.fold(Store.format("job1", "bin")); // as when the format goes idle: upstream's file
        assertEquals("{\"hello.txt\": \"sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447\"}",
                Files.readString(file.resolveSibling(".digests")));
        assertTrue(Files.exists(file.resolveSibling(".dirty")));
        assertTrue(Files.exists(root.resolve("branches/main/t1/.stamp")));
        assertTrue(Files.exists(root.resolve("branches/main/t1/job1/.stamp")));
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void the_same_bytes_elsewhere_are_one_more_link_of_the_same_blob_which_is_never_replaced() throws Exception {
        store.upload("job1", "a.txt", "same");
        Object blobInode = inode(store.blob(utf8("same")));
        // when uploaded again to another job and format
        store.upload(Store.format("job2", "doc"), "b/a.txt", utf8("same"));
        // then
        Path other = Store.format("job2", "doc").dir(root).resolve("b/a.txt");
        assertEquals(blobInode, inode(store.blob(utf8("same"))), "the existing blob is kept");
        assertEquals(blobInode, inode(other));
        assertEquals(3L, nlink(other), "blob + two links");
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void bytes_a_format_already_holds_are_verified_but_never_written_again() throws Exception {
        byte[] body = random(1_000_000);
        store.upload(Store.format("job1", "bin"), "a.bin", body);
        // when the same bytes come again, large enough to go through the hashing ring
        long[] staged = {-1};
        InputStream watched = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n < 0 || available() == 0) {
                    try {
                        staged[0] = store.uploadsLeft(); // what lies in .uploads once the body is read
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return n;
            }
        };
        Stored stored = store.repository.upload(Store.format("job2", "bin"), new ArtifactPath("b.bin"), Store.digest(body),
                watched, false);
        // then nothing was staged, and the file is one more link of the blob
        assertEquals(0, staged[0], "no copy of the body was written");
        assertEquals(body.length, stored.size());
        assertEquals(inode(store.blob(body)), inode(Store.format("job2", "bin").dir(root).resolve("b.bin")));
        assertEquals(3L, nlink(store.blob(body)));
        // and a wrong body for those bytes is refused as any other
        byte[] other = random(1_000_000);
        other[0] ^= 1;
        assertThrows(DigestMismatch.class, () -> store.repository.upload(Store.format("job3", "bin"), new ArtifactPath("c.bin"),
                Store.digest(body), new ByteArrayInputStream(other), false));
        assertFalse(Files.exists(Store.format("job3", "bin").dir(root)));
    }

    @Test
    void bytes_whose_blob_vanishes_while_they_stream_are_asked_again_and_nothing_is_linked() throws Exception {
        byte[] body = random(100_000);
        store.upload(Store.format("job1", "bin"), "a.bin", body);
        Path blob = store.blob(body);
        // when every job holding the bytes is deleted and the blob swept while they are uploaded again
        InputStream racing = new ByteArrayInputStream(body) {
            boolean swept;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (!swept) {
                    swept = true;
                    try {
                        Files.delete(Store.format("job1", "bin").dir(root).resolve("a.bin"));
                        Files.delete(blob);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return super.read(b, off, len);
            }
        };
        dev.dlrepo.error.DlrepoException refused = assertThrows(dev.dlrepo.error.DlrepoException.class,
                () -> store.repository.upload(Store.format("job2", "bin"), new ArtifactPath("b.bin"), Store.digest(body), racing, false));
        // then
        assertEquals(503, refused.status());
        assertFalse(Files.exists(Store.format("job2", "bin").dir(root)), "nothing linked without its blob");
        // and sent again, the bytes are stored anew
        store.upload(Store.format("job2", "bin"), "b.bin", body);
        assertEquals(inode(store.blob(body)), inode(Store.format("job2", "bin").dir(root).resolve("b.bin")));
    }

    @Test
    void buffers_kept_between_uploads_never_mix_two_bodies() throws Exception {
        // many concurrent uploads, small (one buffer) and large (the hashing ring), failing and not
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random r = new Random(thread);
                    for (int i = 0; i < 25; i++) {
                        byte[] body = new byte[r.nextBoolean() ? 1 + r.nextInt(4000) : 50_000 + r.nextInt(50_000)];
                        r.nextBytes(body);
                        FormatRef f = Store.format("job" + thread, "bin");
                        if (i % 5 == 4) {
                            assertThrows(DigestMismatch.class, () -> store.repository.upload(f, new ArtifactPath("bad"),
                                    Store.digest(utf8("other")), new ByteArrayInputStream(body), false));
                            continue;
                        }
                        store.upload(f, "f" + i, body);
                        assertArrayEquals(body, Files.readAllBytes(f.dir(root).resolve("f" + i)));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void a_wrong_digest_leaves_nothing_behind() throws Exception {
        byte[] body = utf8("hello");
        DigestMismatch e = assertThrows(DigestMismatch.class, () -> store.repository.upload(Store.format("job1", "bin"),
                new ArtifactPath("x.txt"), Store.digest(utf8("other")), new ByteArrayInputStream(body), false));
        assertEquals("Received data does not match digest: " + Store.digest(utf8("other")), e.reason());
        assertFalse(Files.exists(root.resolve("branches")), "nothing visible");
        assertFalse(Files.exists(store.blob(body)));
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void a_body_that_breaks_off_leaves_nothing_behind_small_or_large() throws Exception {
        for (int size : new int[] {1000, 50_000}) {
            byte[] body = random(size);
            InputStream broken = new InputStream() {
                int sent;

                @Override
                public int read() throws IOException {
                    if (sent++ >= size / 2) {
                        throw new IOException("connection reset");
                    }
                    return body[sent - 1] & 0xff;
                }
            };
            assertThrows(IncompleteBody.class, () -> store.repository.upload(Store.format("job1", "bin"),
                    new ArtifactPath("x.bin"), Store.digest(body), broken, false));
            assertFalse(Files.exists(root.resolve("branches")));
            assertEquals(0, store.uploadsLeft(), "the partial upload is deleted at once");
        }
    }

    @Test
    void a_large_body_is_hashed_on_the_side_and_stored_intact() throws Exception {
        byte[] body = random(1_000_003); // many 4 KiB chunks, and a short last one
        store.upload(Store.format("job1", "bin"), "big.bin", body);
        assertArrayEquals(body, Files.readAllBytes(store.file("job1", "big.bin")));
        byte[] exact = random(8192); // a multiple of the chunk: the last read is empty
        store.upload(Store.format("job1", "bin"), "exact.bin", exact);
        assertArrayEquals(exact, Files.readAllBytes(store.file("job1", "exact.bin")));
    }

    @Test
    void linking_by_digest_an_orphan_is_404_since_no_file_holds_it_for_anyone_to_read() throws Exception {
        store.upload("job1", "a.txt", "linked");
        Path blob = store.blob(utf8("linked"));
        store.repository.deleteJob(Store.format("job1", "bin").job());
        // when
        assertThrows(NotFound.class, () -> store.repository.link(Store.format("job2", "bin"), new ArtifactPath("a.txt"),
                Store.digest(utf8("linked")), false, url -> true));
        assertTrue(store.repository.blobSize(Store.digest(utf8("linked")), url -> true).isEmpty());
        // then
        assertEquals(1L, nlink(blob), "still an orphan, for the sweep");
        assertFalse(Files.exists(store.file("job2", "a.txt")));
    }

    @Test
    void uploading_bytes_already_stored_touches_their_blob() throws Exception {
        store.upload("job1", "a.txt", "again");
        Path blob = store.blob(utf8("again"));
        Files.setLastModifiedTime(blob, FileTime.fromMillis(0));
        store.upload("job2", "a.txt", "again");
        assertTrue(Files.getLastModifiedTime(blob).toMillis() > 0, "a lookup protects the blob from the orphan sweep");
        assertTrue(store.repository.blobSize(Store.digest(utf8("again")), url -> true).isPresent());
    }

    @Test
    void linking_an_unknown_digest_is_not_found_and_creates_nothing() {
        assertThrows(NotFound.class, () -> store.repository.link(Store.format("job1", "bin"), new ArtifactPath("a"),
                Store.digest(utf8("never stored")), false, url -> true));
        assertFalse(Files.exists(root.resolve("branches")));
    }

    @Test
    void uploading_a_path_again_replaces_it_atomically() throws Exception {
        store.upload("job1", "a.txt", "one");
        store.upload("job1", "a.txt", "two");
        assertEquals(inode(store.blob(utf8("two"))), inode(store.file("job1", "a.txt")));
        assertEquals(1L, nlink(store.blob(utf8("one"))), "the old blob is now an orphan");
        store.formats.fold(Store.format("job1", "bin"));
        assertEquals("{\"a.txt\": \"" + Store.digest(utf8("two")) + "\"}",
                Files.readString(store.file("job1", ".digests")));
        // the same bytes once more: rename() of two names of one inode does nothing; no leftover
        store.upload("job1", "a.txt", "two");
        assertEquals(2L, nlink(store.blob(utf8("two"))));
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void a_file_where_a_directory_must_go_is_refused_and_the_format_keeps_its_state() throws Exception {
        store.upload("job1", "a", "file");
        store.formats.finalizeFormat(Store.format("job1", "bin"), PostProcess.NONE);
        assertEquals("a/b", assertThrows(BadRequest.class, () -> store.upload("job1", "a/b", "x")).reason());
        assertFalse(Files.exists(store.file("job1", ".dirty")), "a failed write restores the dirty flag");
    }

    @Test
    void writes_into_locked_jobs_are_refused_unless_the_format_is_internal() throws Exception {
        store.upload("job1", "a.txt", "x");
        Files.createFile(root.resolve("branches/main/t1/job1/.locked"));
        assertEquals("Cannot upload files in locked jobs",
                assertThrows(BadRequest.class, () -> store.upload("job1", "b.txt", "y")).reason());
        Store internal = new Store(root, "DLREPO_INTERNAL_FORMAT_FILTER", "bi");
        internal.upload("job1", "b.txt", "y");
        assertTrue(Files.exists(store.file("job1", "b.txt")));
    }

    @Test
    void container_formats_are_written_by_the_registry_only() {
        assertEquals("Uploading container images must be done with docker push", assertThrows(BadRequest.class,
                () -> store.upload(Store.format("job1", "container"), "x", utf8("x"))).reason());
    }

    @Test
    void a_symbolic_link_in_a_format_is_neither_served_nor_written_through() throws Exception {
        store.upload("job1", "a.txt", "x");
        Path outside = Files.createDirectories(root.resolveSibling(root.getFileName() + "-outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createSymbolicLink(store.file("job1", "evil"), outside);
        Files.createSymbolicLink(store.file("job1", "leak"), outside.resolve("secret"));
        assertThrows(NotFound.class, () -> store.browser.file(Store.format("job1", "bin"), new ArtifactPath("leak")));
        assertThrows(NotFound.class, () -> store.browser.file(Store.format("job1", "bin"), new ArtifactPath("evil/secret")));
        assertThrows(BadRequest.class, () -> store.upload("job1", "evil/new", "y"));
        assertFalse(Files.exists(outside.resolve("new")));
        // a link as the last name is replaced by the upload, never written through
        store.upload("job1", "leak", "z");
        assertFalse(Files.isSymbolicLink(store.file("job1", "leak")));
        assertEquals("z", Files.readString(store.file("job1", "leak")));
        assertEquals("secret", Files.readString(outside.resolve("secret")));
        assertEquals(0, store.uploadsLeft());
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }
}
