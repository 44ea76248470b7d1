package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every walk of the tree the server makes (the scrub's blob list, a format's files, a tag's
 * inodes, a user's size, the sweep) goes on when files vanish under it, as the digests fold,
 * deletes and another server's sweep make them do at any time.
 */
class VanishingFilesTest {
    static final int NAMES = 400;

    @TempDir
    Path root;

    @Test
    void the_walks_of_the_tree_go_on_while_files_vanish_under_them() throws Exception {
        // given a blob fan-out directory, a format and a user repository full of files that a
        // second thread deletes and creates again, as fast as it can
        Storage storage = Storage.open(root, Settings.of(Map.of()));
        Tree tree = storage.tree();
        BlobStore blobs = storage.blobs();
        FormatRef format = FormatRef.of(Repo.ofUser(new Name("alice")), "b", "t", "j", "f");
        Path fanOut = Files.createDirectories(root.resolve(".blobs/sha256/ab"));
        Path formatDir = Files.createDirectories(format.dir(root).resolve("sub"));
        List<Path> churned = new ArrayList<>();
        for (int i = 0; i < NAMES; i++) {
            churned.add(fanOut.resolve(String.format("ab%062x", i)));
            churned.add(formatDir.resolve("f" + i));
        }
        for (Path p : churned) {
            Files.write(p, new byte[] {1});
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong deleted = new AtomicLong();
        Thread churn = new Thread(() -> {
            while (!done.get()) {
                for (Path p : churned) {
                    try {
                        Files.deleteIfExists(p);
                        deleted.incrementAndGet();
                        Files.write(p, new byte[] {1});
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        });
        churn.start();
        Expiry expiry = storage.expiry();
        Orphans orphans = storage.orphans();
        int walks = 0;
        try {
            // when the walks run again and again while files vanish (counted, not timed: a loaded machine is slow)
            long until = System.nanoTime() + 120_000_000_000L;
            while ((walks <= 10 || deleted.get() <= 2 * NAMES) && System.nanoTime() < until) {
                blobs.all();
                PrivateCopies.regularFiles(format.dir(root));
                expiry.namesByInode(format.job().tag());
                DiskUsage.sizeOfFiles(Repo.ofUser(new Name("alice")).dir(root));
                orphans.dryRun(0, Map.of());
                walks++;
            }
        } finally {
            done.set(true);
            churn.join();
        }
        // then none threw (a NoSuchFileException would have failed the test), and files did vanish
        assertTrue(walks > 10 && deleted.get() > NAMES, walks + " walks, " + deleted + " deletes");
        assertEquals(2 * NAMES + 0L, PrivateCopies.regularFiles(format.dir(root)).size() + blobs.all().size());
    }
}
