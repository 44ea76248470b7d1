package dev.dlrepo.storage;

import dev.dlrepo.testing.Threads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.NotFound;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob lock, step by step: the test holds a blob's lock (as a link or a sweep in progress
 * would), lets the other side run into it, changes the tree as the holder would, releases.
 */
class SweepLockTest {
    @TempDir
    Path root;
    Locks locks;
    BlobStore blobs;
    Repository repository;

    @BeforeEach
    void wire() {
        Settings s = Settings.of(Map.of());
        Storage storage = Storage.open(root, s);
        locks = storage.locks();
        blobs = storage.blobs();
        repository = storage.repository();
    }

    private Path orphan(String content) throws Exception {
        byte[] c = Store.utf8(content);
        FormatRef f = FormatRef.of(Repo.ROOT, "main", "t", "gone", "bin");
        repository.upload(f, new ArtifactPath("x"), Store.digest(c), new ByteArrayInputStream(c), false);
        repository.deleteJob(f.job());
        Path blob = blobs.path(Store.digest(c));
        assertEquals(1L, BlobStore.linkCount(blob), "an orphan");
        return blob;
    }

    @Test
    void the_sweep_waits_for_a_link_in_progress_and_then_keeps_the_blob() throws Exception {
        Path blob = orphan("linked meanwhile");
        Path link = root.resolve("branches/link");
        CompletableFuture<Long> sweep;
        try (Held linking = locks.blob(BlobStore.lockKey(blob))) {
            sweep = Threads.untilItWaits(() -> blobs.deleteIfOrphan(blob, Long.MAX_VALUE));
            Files.createLink(link, blob); // the link the holder makes
        }
        assertEquals(-1L, sweep.get(), "kept: it has two names now");
        assertTrue(Files.isSameFile(blob, link));
    }

    @Test
    void a_link_waits_for_the_sweep_and_then_finds_the_blob_gone() throws Exception {
        Path blob = orphan("swept meanwhile");
        Path target = root.resolve("target");
        CompletableFuture<Boolean> linking;
        try (Held sweeping = locks.blob(BlobStore.lockKey(blob))) {
            linking = Threads.untilItWaits(() -> blobs.linkInto(blob, target));
            Files.delete(blob); // what the sweep does under the lock
        }
        assertFalse(linking.get(), "the link answers that the blob is gone");
        assertFalse(Files.exists(target), "no file without its blob");
    }

    @Test
    void an_upload_whose_existing_blob_is_swept_before_the_link_publishes_its_own_bytes() throws Exception {
        byte[] c = Store.utf8("uploaded again");
        Path blob = orphan("uploaded again");
        FormatRef f = FormatRef.of(Repo.ROOT, "main", "t", "again", "bin");
        CompletableFuture<Stored> upload;
        try (Held sweeping = locks.blob(BlobStore.lockKey(blob))) {
            upload = Threads.untilItWaits(() -> repository.upload(f, new ArtifactPath("x"), Store.digest(c),
                    new ByteArrayInputStream(c), false));
            Files.delete(blob);
        }
        assertEquals(c.length, upload.get().size());
        Path file = f.dir(root).resolve("x");
        assertTrue(Files.isSameFile(file, blob), "the file is a link of the re-published blob");
        assertEquals("uploaded again", Files.readString(blob));
    }

    @Test
    void a_link_by_digest_whose_holder_and_blob_go_before_the_link_is_404_and_leaves_nothing() throws Exception {
        byte[] c = Store.utf8("linked by digest");
        FormatRef holder = FormatRef.of(Repo.ROOT, "main", "t", "holder", "bin");
        repository.upload(holder, new ArtifactPath("x"), Store.digest(c), new ByteArrayInputStream(c), false);
        Path blob = blobs.path(Store.digest(c));
        FormatRef f = FormatRef.of(Repo.ROOT, "main", "t", "bydigest", "bin");
        CompletableFuture<Stored> link;
        try (Held sweeping = locks.blob(BlobStore.lockKey(blob))) {
            // the link found a readable holder and waits for the blob's lock; meanwhile the
            // holder is deleted and the sweep removes the orphan it left
            link = Threads.untilItWaits(() -> repository.link(f, new ArtifactPath("x"), Store.digest(c), false, url -> true));
            repository.deleteJob(holder.job());
            Files.delete(blob);
        }
        Exception e = assertThrows(Exception.class, link::get);
        assertTrue(e.getCause() instanceof NotFound, e.toString());
        assertFalse(Files.exists(f.dir(root).resolve("x")));
    }
}
