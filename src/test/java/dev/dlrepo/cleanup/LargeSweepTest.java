package dev.dlrepo.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeSweepTest {
    static final int BLOBS = 100_000;

    @TempDir
    Path root;

    @Test
    void a_sweep_over_100000_blobs_finishes_and_reports_the_exact_bytes_freed() throws Exception {
        // given 100,000 small blobs, every third one still linked from a format
        Fixture f = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0");
        Path format = Files.createDirectories(root.resolve("branches/main/t/j/bin"));
        long orphans = 0;
        long orphanBytes = 0;
        for (int i = 0; i < BLOBS; i++) {
            String hex = String.format("%064x", i * 2_654_435_761L);
            Path blob = root.resolve(".blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
            if (i < 256) {
                Files.createDirectories(blob.getParent());
            }
            int size = i % 97 + 1;
            Files.write(blob, Fixture.bytes(size, i));
            if (i % 3 == 0) {
                Files.createLink(format.resolve(hex), blob);
            } else {
                orphans++;
                orphanBytes += size;
            }
        }
        // when a dry run, then an orphan-only run
        CleanupReport dry = f.cleanup.dryRun(true);
        CleanupReport run = f.cleanup.run(true);
        // then both count exactly the unlinked ones, and only those are gone
        Map<String, Object> expected = Map.of("count", orphans, "bytes", orphanBytes);
        assertEquals(expected, dry.toMap().get("orphan_blobs"));
        assertEquals(expected, run.toMap().get("orphan_blobs"));
        assertEquals(orphanBytes, run.bytesFreed());
        try (Stream<Path> left = Files.walk(root.resolve(".blobs"))) {
            assertEquals(BLOBS - orphans, left.filter(Files::isRegularFile).count());
        }
        try (Stream<Path> linked = Files.list(format)) {
            assertTrue(linked.allMatch(p -> Files.exists(p)));
        }
    }
}
