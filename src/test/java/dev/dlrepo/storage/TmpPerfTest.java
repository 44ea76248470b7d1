package dev.dlrepo.storage;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmpPerfTest {
    @TempDir
    Path root;

    @Test
    void perf() throws Exception {
        Store store = new Store(root);
        byte[][] bodies = new byte[1000][];
        Digest[] d = new Digest[1000];
        for (int i = 0; i < 1000; i++) {
            bodies[i] = new byte[65536];
            new Random(i).nextBytes(bodies[i]);
            d[i] = Store.digest(bodies[i]);
        }
        for (int run = 0; run < 14; run++) {
            int r = run;
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            for (int c = 0; c < 4; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < 1000; i = next.getAndIncrement()) {
                        store.repository.upload(Store.format("job" + r, "bin"), new ArtifactPath("f" + i), d[i],
                                new ByteArrayInputStream(bodies[i]), false);
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            System.out.println("RUN " + run + ": " + (1000 / ((System.nanoTime() - t0) / 1e9)) + " files/s");
        }
    }
}
