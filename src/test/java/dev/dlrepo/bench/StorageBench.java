package dev.dlrepo.bench;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.Storage;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage beans alone, in this JVM, no HTTP: how much of a small upload or a link is the
 * store's own work. Four threads, like the HTTP scenarios' four clients; one warm-up round.
 *
 * <p>{@code mvn -B -q test-compile exec:java -Dexec.mainClass=dev.dlrepo.bench.StorageBench
 * -Dexec.classpathScope=test -Dexec.args=target/storage-bench}; {@code -Dbench.only=upload} or
 * {@code link} runs one scenario, {@code -Dbench.runs=N}.
 */
public final class StorageBench {
    private static final int THREADS = 4;
    private final Repository repository;
    private final Storage storage;

    private StorageBench(Path root) {
        Settings settings = Settings.of(Map.of());
        storage = Storage.open(root, settings);
        repository = storage.repository();
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "target/storage-bench");
        Bench.deleteTree(root);
        Bench.settle();
        Files.createDirectories(root);
        int runs = Integer.getInteger("bench.runs", 5);
        StorageBench bench = new StorageBench(root);
        String only = System.getProperty("bench.only", "");
        java.util.List<Stats> results = new java.util.ArrayList<>();
        if (!only.equals("link")) {
            results.add(bench.uploads(1000, runs));
        }
        if (!only.equals("upload")) {
            results.add(bench.links(10_000, runs));
        }
        System.out.println("| scenario | median | min | max | unit |\n|---|---|---|---|---|");
        for (Stats s : results) {
            System.out.printf(java.util.Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s |%n", s.scenario, s.median(),
                    s.values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    s.values.stream().mapToDouble(Double::doubleValue).max().orElse(0), s.unit);
        }
        bench.storage.close(); // folds what is left, before the tree goes
        Bench.deleteTree(root);
    }

    private Stats uploads(int files, int runs) throws Exception {
        Stats stats = new Stats("in-JVM upload " + files + " x 64 KiB (new bytes), " + THREADS + " threads", "files/s", true);
        for (int r = -1; r < runs; r++) { // run -1 warms up
            byte[][] bodies = new byte[files][];
            Digest[] digests = new Digest[files];
            for (int i = 0; i < files; i++) { // new bytes every run: stored ones take another path
                bodies[i] = new byte[64 * 1024];
                new Random(1000L * (r + 2) + i).nextBytes(bodies[i]);
                digests[i] = sha256(bodies[i]);
            }
            FormatRef format = FormatRef.of(Repo.ROOT, "bench", "small", "job" + (r + 1), "bin");
            double rate = files / parallel(files, i -> repository.upload(format, new ArtifactPath("f" + i), digests[i],
                    new ByteArrayInputStream(bodies[i]), false));
            if (r >= 0) {
                stats.add(rate);
            }
        }
        return stats;
    }

    private Stats links(int files, int runs) throws Exception {
        Digest[] digests = new Digest[files];
        FormatRef seed = FormatRef.of(Repo.ROOT, "bench", "seed", "job", "bin");
        parallel(files, i -> {
            byte[] body = ("blob " + i).getBytes();
            digests[i] = sha256(body);
            return repository.upload(seed, new ArtifactPath("f" + i), digests[i], new ByteArrayInputStream(body), false);
        });
        Stats stats = new Stats("in-JVM link-by-digest " + files + " blobs into one format, " + THREADS + " threads", "links/s", true);
        for (int r = -1; r < runs; r++) {
            FormatRef format = FormatRef.of(Repo.ROOT, "bench", "link", "job" + (r + 1), "bin");
            double rate = files / parallel(files, i -> repository.link(format, new ArtifactPath("f" + i), digests[i], false, url -> true));
            if (r >= 0) {
                stats.add(rate);
            }
        }
        return stats;
    }

    interface Task {
        Object run(int i) throws Exception;
    }

    /** Runs {@code n} tasks on {@link #THREADS} threads; the seconds it took. */
    private static double parallel(int n, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try {
            Future<?>[] workers = new Future<?>[THREADS];
            for (int t = 0; t < THREADS; t++) {
                workers[t] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        task.run(i);
                    }
                    return null;
                });
            }
            for (Future<?> w : workers) {
                w.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Digest sha256(byte[] body) throws Exception {
        return Digest.parse("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }
}
