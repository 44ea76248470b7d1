package dev.dlrepo.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Samples a JVM's heap in use every 100 ms with {@code jstat -gc}; keeps the largest seen (MiB). */
final class HeapSampler implements AutoCloseable {
    private final Process jstat;
    private final Thread reader;
    private volatile double peakMiB;

    HeapSampler(long pid) throws Exception {
        String jstatPath = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
        jstat = new ProcessBuilder(jstatPath, "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
        reader = new Thread(this::read, "heap-sampler");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
            List<String> header = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> cols = Arrays.asList(line.trim().split("\\s+"));
                if (cols.contains("EU")) {
                    header = cols;
                    continue;
                }
                if (header == null || cols.size() != header.size()) {
                    continue;
                }
                double usedKb = 0;
                for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                    usedKb += Double.parseDouble(cols.get(header.indexOf(c)));
                }
                peakMiB = Math.max(peakMiB, usedKb / 1024);
            }
        } catch (Exception e) {
            // jstat ended
        }
    }

    double peakMiB() {
        return peakMiB;
    }

    @Override
    public void close() throws Exception {
        jstat.destroy();
        jstat.waitFor();
        reader.join(1000);
    }
}
