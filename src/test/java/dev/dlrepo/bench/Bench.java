package dev.dlrepo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark: starts a real Tomcat with the WAR and a reference context, runs every scenario
 * {@code runs} times against both where a reference exists, and prints scenario, median, min,
 * max and the ratio to the reference measured in the same run. Not a test: nothing asserts time.
 *
 * <p>{@code mvn -B -Pbench verify} ({@code -Dbench.scale=small} for a quick try,
 * {@code -Dbench.runs=N}). Needs {@code curl} (the client for the 1 GiB transfers: the same client
 * for our server and the reference, and not the bottleneck).
 */
public final class Bench {
    /**
     * Uncounted rounds before the many-small-request scenarios, for both servers: four clients'
     * 64 KiB uploads still got faster after 12,000 requests (the JIT compiling the request path,
     * its compiler threads taking CPU from the requests meanwhile), and a server is measured as it
     * runs for days, warm. {@code -Dbench.warmups=N}.
     */
    static final int WARM_UPS = Integer.getInteger("bench.warmups", 8);
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private final Server server;
    private final Path work;
    private final int runs;
    private final long bigSize;
    private final int smallFiles;
    private final int links;
    private final int listed;
    private final int finalizeFiles;
    private final List<String> table = new ArrayList<>();
    // every row's own measurement, in order: what Versus pools across servers
    final List<Stats> measured = new ArrayList<>();

    Bench(Server server, Path work, int runs, boolean small) {
        this.server = server;
        this.work = work;
        this.runs = runs;
        this.bigSize = small ? 64L << 20 : 1L << 30;
        this.smallFiles = small ? 200 : 1000;
        this.links = small ? 1000 : 10_000;
        this.listed = small ? 1000 : 10_000;
        this.finalizeFiles = small ? 100 : 1000;
    }

    public static void main(String[] args) throws Exception {
        if (!System.getProperty("bench.baseline", "").isBlank()) {
            Versus.main(args);
            return;
        }
        Path tomcat = Path.of(args[0]);
        Path war = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int runs = Integer.getInteger("bench.runs", 5);
        boolean small = "small".equals(System.getProperty("bench.scale"));
        Files.createDirectories(work);
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        try (Server server = new Server(tomcat, war, work, Integer.getInteger("bench.port", 18380), System.getProperty("bench.heap", "256m"),
                settings())) {
            Bench bench = new Bench(server, work, runs, small);
            bench.run();
            String report = bench.report(load, Files.readString(Path.of("/proc/loadavg")).trim(), small);
            System.out.println(report);
            Files.writeString(work.resolve("results.md"), report);
        }
    }

    /** The server's settings; {@code -Dbench.env=DLREPO_CHUNK_SIZE=65536,...} adds some, to compare. */
    static List<String> settings() {
        List<String> env = new ArrayList<>(List.of("DLREPO_POST_PROCESS_CMD=/bin/true"));
        String more = System.getProperty("bench.env", "");
        if (!more.isBlank()) {
            env.addAll(List.of(more.split(",")));
        }
        return env;
    }

    /** {@code -Dbench.only=small,link} runs only those scenarios (put, small, link, list, finalize; big: all). */
    private static boolean selected(String scenario) {
        String only = System.getProperty("bench.only", "");
        return only.isEmpty() || java.util.Arrays.asList(only.split(",")).contains(scenario);
    }

    void run() throws Exception {
        boolean all = selected("big");
        // the many-small-request scenarios first: once gigabytes were written and deleted, creating
        // files stays slow for minutes (the reference's empty files fell from 10,000 to 2,000/s)
        if (all || selected("small")) {
            smallFiles();
        }
        if (all || selected("link") || selected("list")) {
            linkByDigest();
        }
        if (all || selected("list")) {
            listing();
        }
        if (all || selected("finalize")) {
            finalizeVersusCp();
        }
        if (!all && !selected("put")) {
            return;
        }
        Path big = work.resolve("big.bin");
        writeRandom(big, bigSize, 1);
        String digest = "sha256:" + sha256Timed(big, null);

        Stats hash = new Stats("(c) in-JVM SHA-256 of " + mib(bigSize), "MB/s", true);
        for (int i = 0; i < runs; i++) {
            sha256Timed(big, hash);
        }

        Stats refPut = new Stats("(a) DefaultServlet PUT " + mib(bigSize), "MB/s", true);
        Stats put = new Stats("PUT " + mib(bigSize) + " with digest", "MB/s", true);
        for (int i = 0; i < runs; i++) {
            // each upload starts with no dirty pages (the previous gigabyte written back), and the
            // two take turns going first: else the second pays for the first one's writeback
            String ref = server.uri("/ref/big" + i + ".bin").toString();
            String ours = server.uri("/branches/bench/put/job" + i + "/img/big.bin").toString();
            for (boolean refTurn : i % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                sync();
                if (refTurn) {
                    refPut.add(mbps(bigSize, curl("-T", big.toString(), ref)));
                } else {
                    put.add(mbps(bigSize, curl("-T", big.toString(), "-H", "Digest: " + digest, ours)));
                }
            }
            Files.deleteIfExists(server.refRoot.resolve("big" + i + ".bin"));
            if (i < runs - 1) {
                // the next run stores new bytes too, as the reference does: the job and the blob go
                deleteTree(server.data.resolve("branches/bench/put/job" + i));
                Files.deleteIfExists(server.data.resolve(".blobs/sha256/" + digest.substring(7, 9) + "/" + digest.substring(7)));
            }
        }
        row(put, refPut);
        // the same bytes again: stored already, so the upload is verified and its copy dropped
        Stats again = new Stats("PUT the same " + mib(bigSize) + " again (bytes already stored)", "MB/s", true);
        for (int i = 0; i < runs; i++) {
            sync();
            again.add(mbps(bigSize, curl("-T", big.toString(), "-H", "Digest: " + digest,
                    server.uri("/branches/bench/again/job" + i + "/img/big.bin").toString())));
        }
        rowAgainst(again, refPut);
        deleteTree(server.data.resolve("branches/bench/again"));
        if (!selected("big") && selected("put")) {
            return;
        }

        Files.copy(big, server.refRoot.resolve("big.bin"));
        Stats refGet = new Stats("(b) DefaultServlet GET " + mib(bigSize), "MB/s", true);
        Stats get = new Stats("GET " + mib(bigSize), "MB/s", true);
        for (int i = 0; i < runs; i++) {
            refGet.add(mbps(bigSize, curl("-o", "/dev/null", server.uri("/ref/big.bin").toString())));
            get.add(mbps(bigSize, curl("-o", "/dev/null", server.uri("/branches/bench/put/job" + (runs - 1) + "/img/big.bin").toString())));
        }
        row(get, refGet);
        row(hash, null);
        deleteTree(server.data.resolve("branches/bench/put"));
        memory(big, digest);
    }

    private void smallFiles() throws Exception {
        settle();
        Stats ref = new Stats("(a) DefaultServlet PUT " + smallFiles + " x 64 KiB, 4 clients", "files/s", true);
        Stats ours = new Stats("PUT " + smallFiles + " x 64 KiB (new bytes), 4 clients", "files/s", true);
        for (int r = -WARM_UPS; r < runs; r++) { // negative runs warm both servers up: not counted
            // new bytes every run, as the reference writes new files: stored bytes are a path of their own
            byte[][] bodies = new byte[smallFiles][];
            String[] digests = new String[smallFiles];
            for (int i = 0; i < smallFiles; i++) {
                bodies[i] = random(64 * 1024, 1000L * (r + WARM_UPS + 1) + i);
                digests[i] = "sha256:" + sha256(bodies[i]);
            }
            int run = r;
            // each after the writes before it went back to disk, taking turns going first, as
            // the gigabyte uploads do: 64 MiB a round add up to the kernel's writeback threshold
            for (boolean refTurn : r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                sync();
                if (refTurn) {
                    double rate = smallFiles / seconds(() -> rawParallel(4, smallFiles,
                            (c, i) -> c.send("PUT", "/ref/s" + run + "-" + i, bodies[i])));
                    if (run >= 0) {
                        ref.add(rate);
                    }
                } else {
                    double rate = smallFiles / seconds(() -> rawParallel(4, smallFiles,
                            (c, i) -> c.send("PUT", "/branches/bench/small/job" + run + "/bin/f" + i, bodies[i], "Digest", digests[i])));
                    if (run >= 0) {
                        ours.add(rate);
                    }
                }
            }
        }
        row(ours, ref);
    }

    private void linkByDigest() throws Exception {
        String[] digests = new String[links];
        rawParallel(4, links, (c, i) -> {
            byte[] body = ("blob " + i).getBytes();
            digests[i] = "sha256:" + sha256(body);
            return c.send("PUT", "/branches/bench/seed/job/bin/f" + i, body, "Digest", digests[i]);
        });
        // the container's own rate for requests without a body: an empty file per PUT
        Stats ref = new Stats("(e) DefaultServlet PUT " + links + " empty files, 4 clients", "requests/s", true);
        Stats ours = new Stats("link-by-digest " + links + " blobs, 4 clients", "links/s", true);
        for (int r = -WARM_UPS; r < runs; r++) { // negative runs warm up: not counted
            int run = r;
            double refRate = links / seconds(() -> rawParallel(4, links,
                    (c, i) -> c.send("PUT", "/ref/e" + run + "-" + i, new byte[0])));
            double rate = links / seconds(() -> rawParallel(4, links, (c, i) -> c.send("PUT",
                    "/branches/bench/link/job" + (run < 0 ? "-warm" + -run : run) + "/bin/f" + i, new byte[0], "Digest", digests[i],
                    "X-Dlrepo-Link", digests[i])));
            if (run >= 0) {
                ref.add(refRate);
                ours.add(rate);
            }
        }
        row(ours, ref);
    }

    private void listing() throws Exception {
        // the seeded format of the link scenario holds `links` files; list one of `listed` files
        String url = "/branches/bench/link/job0/bin/";
        Stats ours = new Stats("list a format of " + listed + " files (JSON)", "ms", false);
        for (int i = 0; i < 3; i++) {
            send(HttpRequest.newBuilder(server.uri(url)).build()); // warm-up
        }
        try (RawClient client = new RawClient(server.port)) {
            for (int r = 0; r < Math.max(runs, 20); r++) {
                ours.add(1000 * seconds(() -> client.send("GET", url, new byte[0])));
            }
        }
        row(ours, null);
    }

    private void finalizeVersusCp() throws Exception {
        String fmt = "/branches/bench/final/job/bin/";
        rawParallel(2, finalizeFiles, (c, i) -> {
            byte[] body = random(1 << 20, 50_000 + i);
            return c.send("PUT", fmt + "d" + (i % 10) + "/f" + i, body, "Digest", "sha256:" + sha256(body));
        });
        Path dir = server.data.resolve("branches/bench/final/job/bin");
        Stats cp = new Stats("(d) cp -r of " + finalizeFiles + " files / " + mib((long) finalizeFiles << 20), "ms", false);
        Stats ours = new Stats("finalize + post-process (no-op) of the same", "ms", false);
        Path copy = work.resolve("cp-out");
        for (int r = 0; r < runs; r++) {
            // each after the deletes before it settled (the previous copy; the private copies a
            // finalize drops), taking turns going first
            for (boolean cpTurn : r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                settle();
                if (cpTurn) {
                    cp.add(1000 * seconds(() -> exec("cp", "-r", dir.toString(), copy.toString())));
                } else {
                    ours.add(1000 * seconds(() -> {
                        HttpResponse<String> resp = CLIENT.send(HttpRequest.newBuilder(server.uri(fmt))
                                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        if (resp.statusCode() != 200) {
                            throw new IllegalStateException("finalize: " + resp.statusCode() + " " + resp.body());
                        }
                        return resp;
                    }));
                }
            }
            deleteTree(copy);
        }
        row(ours, cp);
    }

    private void memory(Path big, String digest) throws Exception {
        Stats time = new Stats("8 concurrent PUT " + mib(bigSize) + " (aggregate)", "MB/s", true);
        Stats heap = new Stats("  server heap in use during them, peak (-Xmx256m)", "MiB", false);
        for (int r = 0; r < runs; r++) {
            int run = r;
            try (HeapSampler sampler = new HeapSampler(server.pid())) {
                double s = seconds(() -> parallel(8, 8, i -> curl("-T", big.toString(), "-H", "Digest: " + digest,
                        server.uri("/branches/bench/mem/job" + run + "/img/big" + i + ".bin").toString())));
                time.add(8 * bigSize / 1e6 / s);
                heap.add(sampler.peakMiB());
            }
            deleteTree(server.data.resolve("branches/bench/mem"));
        }
        row(time, null);
        row(heap, null);
    }

    // --- measuring -------------------------------------------------------------------------

    interface Timed {
        Object run() throws Exception;
    }

    interface Indexed {
        Object run(int i) throws Exception;
    }

    interface Raw {
        int run(RawClient client, int i) throws Exception;
    }

    /** {@code n} small requests over {@code clients} keep-alive connections. */
    Object rawParallel(int clients, int n, Raw task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        List<Future<Object>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                try (RawClient client = new RawClient(server.port)) {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        int status = task.run(client, i);
                        if (status >= 300) {
                            throw new IllegalStateException("request " + i + ": " + status);
                        }
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<Object> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return null;
    }

    static double seconds(Timed t) throws Exception {
        long start = System.nanoTime();
        t.run();
        return (System.nanoTime() - start) / 1e9;
    }

    static Object parallel(int clients, int n, Indexed task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        List<Future<Object>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.run(i);
                }
                return null;
            }));
        }
        try {
            for (Future<Object> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return null;
    }

    static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + r.statusCode() + " " + new String(r.body()));
        }
        return r;
    }

    /** Runs curl, fails on an HTTP error, returns the seconds it took. */
    static double curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--fail", "-o", "/dev/null"));
        cmd.addAll(List.of(args));
        return seconds(() -> exec(cmd.toArray(String[]::new)));
    }

    static Object exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }

    static void sync() throws Exception {
        exec("sync");
    }

    /**
     * After many files were deleted (the previous run's tree): written back, then a few seconds.
     * ext4 does not reuse an inode deleted in the last 5 seconds, or 5 minutes while its inode
     * table block is dirty, and every file created meanwhile scans past all of them: the next
     * scenario would measure the last one's deletes, ours and the reference's alike.
     */
    static void settle() throws Exception {
        sync();
        Thread.sleep(6000);
    }


    private String sha256Timed(Path file, Stats stats) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[256 * 1024];
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        if (stats != null) {
            stats.add(mbps(Files.size(file), (System.nanoTime() - start) / 1e9));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static double mbps(long bytes, double seconds) {
        return bytes / 1e6 / seconds;
    }

    static String mib(long bytes) {
        return bytes >= 1L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                try {
                    Files.delete(d);
                } catch (NoSuchFileException ignored) {
                    // gone already
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // --- reporting -------------------------------------------------------------------------

    private void row(Stats ours, Stats reference) {
        if (reference != null) {
            table.add(line(reference, ""));
        }
        rowAgainst(ours, reference);
    }

    /** A row compared with a reference already in the table. */
    private void rowAgainst(Stats ours, Stats reference) {
        measured.add(ours);
        String ratio = "";
        if (reference != null) {
            double r = ours.higherIsBetter ? ours.median() / reference.median() : ours.median() / reference.median();
            ratio = String.format(Locale.ROOT, ours.higherIsBetter ? "%.0f %% of (ref)" : "%.2f x (ref)",
                    ours.higherIsBetter ? 100 * r : r);
        }
        table.add(line(ours, ratio));
        System.out.println(table.get(table.size() - 1));
    }

    private static String line(Stats s, String ratio) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.0f %% | %s |", s.scenario, num(s.median()),
                num(s.min()), num(s.max()), s.unit, 100 * s.spread(), ratio);
    }

    private static String num(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    String report(String loadBefore, String loadAfter, boolean small) {
        StringBuilder out = new StringBuilder();
        out.append("runs per scenario: ").append(runs).append(small ? " (small scale)" : "").append("; load average before: ")
                .append(loadBefore).append("; after: ").append(loadAfter).append("\n\n");
        out.append("| scenario | median | min | max | unit | spread (max-min)/median | ratio to reference |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        table.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
