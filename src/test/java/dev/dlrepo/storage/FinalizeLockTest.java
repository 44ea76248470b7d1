package dev.dlrepo.storage;

import dev.dlrepo.testing.Threads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finalize running its command blocks its own format, not the formats sharing its lock stripe. */
class FinalizeLockTest {
    @TempDir
    Path root;

    @Test
    void a_long_finalize_blocks_its_own_format_only() throws Exception {
        // given a post-process command that runs until the test lets it end
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        PostProcess slow = new PostProcess() {
            @Override
            public boolean appliesTo(Set<String> paths) {
                return true;
            }

            @Override
            public Outcome run(Path dir) {
                running.countDown();
                try {
                    end.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Outcome.success("");
            }
        };
        Store store = new Store(root, slow);
        FormatRef finalized = Store.format("j", "bin");
        FormatRef neighbour = sameStripeAs(finalized);
        byte[] bytes = Store.utf8("shared bytes");
        store.upload(finalized, "a", bytes);
        store.upload(neighbour, "a", bytes);
        store.formats.fold(neighbour); // no fold of its journal in the background during the test
        CompletableFuture<Void> finalizing = Threads.start(() -> store.repository.finalizeFormat(finalized));
        running.await();
        try {
            // when the command runs, a file is linked into a format of the same lock stripe, and into the format itself
            CompletableFuture<Void> other = Threads.untilItWaits(() -> link(store, neighbour, "b", bytes));
            CompletableFuture<Void> own = Threads.untilItWaits(() -> link(store, finalized, "b", bytes));
            // then the neighbour's link is done, the finalized format's waits for the command
            assertTrue(other.isDone(), "the neighbour's link is done: it does not wait for the stripe");
            other.get();
            assertTrue(Files.exists(neighbour.dir(root).resolve("b")), "the neighbour does not wait");
            assertFalse(own.isDone(), "the finalized format waits");
            end.countDown();
            finalizing.get();
            own.get();
            assertEquals(Set.of("a", "b"), store.repository.digests(finalized).keySet());
        } finally {
            end.countDown();
        }
    }

    private static void link(Store store, FormatRef ref, String path, byte[] bytes) {
        store.repository.link(ref, new ArtifactPath(path), Store.digest(bytes), false, url -> true);
    }

    /** A format of another job whose key hashes to the same of the 1,024 format lock stripes. */
    private static FormatRef sameStripeAs(FormatRef format) {
        int stripe = Math.floorMod(format.key().hashCode(), Locks.STRIPES);
        for (int i = 0; ; i++) {
            FormatRef other = Store.format("other" + i, "bin");
            if (Math.floorMod(other.key().hashCode(), Locks.STRIPES) == stripe) {
                return other;
            }
        }
    }
}
