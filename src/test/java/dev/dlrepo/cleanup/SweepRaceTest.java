package dev.dlrepo.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Maintenance;
import dev.dlrepo.storage.Swept;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep in a loop, with a lifetime of 0 (every file with one name is fair game at once),
 * while 8 threads upload and link the same and new digests and delete jobs that orphan them.
 * A stress test of the recovery paths; SweepLockTest (storage) pins each interleaving exactly.
 */
class SweepRaceTest {
    static final int THREADS = 8;
    static final int OPERATIONS = 300;
    static final List<byte[]> SHARED = List.of(Fixture.utf8("shared-0"), Fixture.utf8("shared-1"), Fixture.utf8("shared-2"),
            Fixture.utf8("shared-3"));

    @TempDir
    Path root;

    /** A store that returned success: the file must be there, a link of its blob, in .digests. */
    record Success(FormatRef format, String path, Digest digest) {
    }

    @Test
    void no_successful_store_loses_its_blob_and_every_file_stays_a_link_of_its_blob() throws Exception {
        Fixture f = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0");
        Map<String, Success> successes = new ConcurrentHashMap<>(); // by job key, then path
        Set<String> deletedJobs = ConcurrentHashMap.newKeySet();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong sweeps = new AtomicLong();
        AtomicLong swept = new AtomicLong();
        Thread sweeper = new Thread(() -> {
            while (!done.get()) {
                Swept s = f.maintenance.sweep(Long.MAX_VALUE);
                swept.addAndGet(s.blobs());
                sweeps.incrementAndGet();
            }
        });
        sweeper.start();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                Random random = new Random(worker);
                for (int op = 0; op < OPERATIONS; op++) {
                    // one job per operation, so that deleting one orphans what it held
                    String job = "w" + worker + "-" + op;
                    FormatRef format = FormatRef.of(dev.dlrepo.storage.Repo.ROOT, "main", "t", job, "bin");
                    String path = "f";
                    int kind = random.nextInt(10);
                    try {
                        if (kind < 3) {
                            byte[] c = SHARED.get(random.nextInt(SHARED.size()));
                            f.upload(format, path, c);
                            successes.put(job + "/" + path, new Success(format, path, Fixture.digest(c)));
                        } else if (kind < 4) {
                            byte[] c = Fixture.utf8("new " + worker + " " + op);
                            f.upload(format, path, c);
                            successes.put(job + "/" + path, new Success(format, path, Fixture.digest(c)));
                        } else if (kind < 7) {
                            Digest d = Fixture.digest(SHARED.get(random.nextInt(SHARED.size())));
                            f.repository.link(format, new ArtifactPath(path), d, false, url -> true);
                            successes.put(job + "/" + path, new Success(format, path, d));
                        } else if (op > 0) {
                            // delete an earlier job of ours: what it held may become an orphan
                            String earlier = "w" + worker + "-" + random.nextInt(op);
                            if (deletedJobs.add(earlier)) {
                                try {
                                    f.repository.deleteJob(FormatRef.of(dev.dlrepo.storage.Repo.ROOT, "main", "t", earlier, "bin").job());
                                } catch (dev.dlrepo.error.NotFound e) {
                                    // that operation had failed: nothing to delete
                                }
                            }
                        }
                    } catch (dev.dlrepo.error.NotFound | UncheckedIOException e) {
                        // a clean failure: the blob was swept before the link, or the staged
                        // upload itself was swept (a lifetime of 0 spares no idle upload)
                        failures.incrementAndGet();
                    } catch (dev.dlrepo.error.DlrepoException e) {
                        // the only other clean failure: bytes already stored, swept during the
                        // upload that verified them (503, send them again)
                        failures.incrementAndGet();
                        if (e.status() != 503) {
                            throw e;
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        if (!e.getClass().getSimpleName().equals("BlobGone")) {
                            throw e;
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        done.set(true);
        sweeper.join();

        assertTrue(sweeps.get() > 1 && swept.get() > 0, "the sweep ran and removed orphans: " + sweeps + "/" + swept);
        long checked = 0;
        for (Map.Entry<String, Success> e : successes.entrySet()) {
            if (deletedJobs.contains(e.getKey().substring(0, e.getKey().indexOf('/')))) {
                continue;
            }
            Success s = e.getValue();
            Path file = s.format().dir(root).resolve(s.path());
            assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "stored and still there: " + file);
            assertTrue(isLinkOfItsBlob(f.maintenance, file, s.digest()), "a link of its blob: " + file);
            assertEquals(s.digest().toString(), f.repository.digests(s.format()).get(s.path()), "in .digests: " + file);
            checked++;
        }
        assertTrue(checked > THREADS * OPERATIONS / 10, "enough stores succeeded to mean something: " + checked
                + " (failures " + failures + ")");
        // every file of every format, listed or not, is a hard link of the blob of its bytes (the
        // fold still removes journals in the background: the walk must pass over them)
        for (Path p : regularFiles(root.resolve("branches"))) {
            if (!p.getFileName().toString().startsWith(".")) {
                Digest d = f.maintenance.hash(p, Fixture.digest(new byte[0]));
                assertTrue(isLinkOfItsBlob(f.maintenance, p, d), "not a link of an existing blob: " + p);
            }
        }
        // and the scrub agrees (a .digests write whose temporary file was swept leaves a file
        // unlisted until the next finalize, like a crash would: the only thing it may report)
        ScrubReport scrub = new Scrub(f.maintenance).run(false);
        assertEquals(List.of(), scrub.problems().stream().filter(p -> !"unlisted_file".equals(p.get("kind"))).toList());
        f.storage.close(); // the background fold stops before the directory goes
    }

    private static boolean isLinkOfItsBlob(Maintenance maintenance, Path file, Digest digest) throws IOException {
        for (Path inode : maintenance.inodesOf(digest)) {
            if (Files.isSameFile(file, inode)) {
                return true;
            }
        }
        return false;
    }

    /** The regular files below {@code dir}, passing over those removed while the walk goes. */
    private static List<Path> regularFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return out;
    }
}
