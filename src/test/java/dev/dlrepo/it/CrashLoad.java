package dev.dlrepo.it;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load a crash cuts off ({@link CrashRecoveryIT}): clients sending, each from its own seed,
 * small uploads (often of bytes the store holds), multi-MB uploads, links by digest of what was
 * uploaded, finalizes, and deletes of jobs and tags, into a small tree so that they meet. Requests
 * the kill cuts off fail; the clients go on until stopped.
 */
final class CrashLoad {
    private static final int SMALL = 24;
    private static final int LARGE = 4;
    private static final byte[][] CONTENTS = contents();

    private final Http http;
    private final long seed;
    private final Tally tally;
    private final AtomicInteger answered = new AtomicInteger();
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean stopped;

    CrashLoad(Http http, long seed, Tally tally) {
        this.http = http;
        this.seed = seed;
        this.tally = tally;
    }

    /** Successful answers per kind of request, over every round. */
    static final class Tally {
        private final Map<String, LongAdder> succeeded = new ConcurrentHashMap<>();

        void count(String kind, int status) {
            if (status / 100 == 2) {
                succeeded.computeIfAbsent(kind, k -> new LongAdder()).increment();
            }
        }

        long succeeded(String kind) {
            LongAdder n = succeeded.get(kind);
            return n == null ? 0 : n.sum();
        }

        @Override
        public String toString() {
            return succeeded.toString();
        }
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            Random random = new Random(seed + i);
            Thread t = new Thread(() -> {
                while (!stopped) {
                    try {
                        one(random);
                        answered.incrementAndGet();
                    } catch (RuntimeException e) {
                        // cut off by the kill, or refused while the server is gone
                    }
                }
            }, "crash-load-" + i);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
    }

    int answered() {
        return answered.get();
    }

    /** Stops the clients and waits for them: once the server is gone, every request fails at once. */
    void stop() throws InterruptedException {
        stopped = true;
        for (Thread t : clients) {
            t.join(180_000);
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " did not stop");
            }
        }
    }

    private void one(Random random) {
        String tag = "/branches/main/t" + random.nextInt(3) + "/";
        String job = tag + "j" + random.nextInt(3) + "/";
        String format = job + "f" + random.nextInt(2) + "/";
        String file = format + "p" + random.nextInt(5) + ".bin";
        int dice = random.nextInt(100);
        if (dice < 35) {
            upload("upload", file, CONTENTS[random.nextInt(SMALL)]);
        } else if (dice < 50) {
            upload("large upload", file, CONTENTS[SMALL + random.nextInt(LARGE)]);
        } else if (dice < 70) {
            List<String> known = new ArrayList<>(uploaded);
            if (!known.isEmpty()) {
                tally.count("link", http.link(file, known.get(random.nextInt(known.size()))).statusCode());
            }
        } else if (dice < 85) {
            tally.count("finalize", http.method("PATCH", format).statusCode());
        } else if (dice < 96) {
            tally.count("delete job", http.method("DELETE", job).statusCode());
        } else {
            tally.count("delete tag", http.method("DELETE", tag).statusCode());
        }
    }

    private void upload(String kind, String path, byte[] content) {
        HttpResponse<String> r = http.put(path, content);
        tally.count(kind, r.statusCode());
        if (r.statusCode() == 201) {
            uploaded.add("sha256:" + Http.sha256(content));
        }
    }

    /** Small contents of 0.5 to 8.5 KiB, then large ones of 1 to 4 MiB, the same in every run. */
    private static byte[][] contents() {
        byte[][] out = new byte[SMALL + LARGE][];
        Random random = new Random(42);
        for (int i = 0; i < out.length; i++) {
            out[i] = new byte[i < SMALL ? 512 + random.nextInt(8192) : (1 + i - SMALL) << 20];
            random.nextBytes(out[i]);
        }
        return out;
    }
}
