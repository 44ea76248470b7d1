package dev.dlrepo.lifecycle;

import dev.dlrepo.storage.Browser;
import dev.dlrepo.storage.PyJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The job fingerprint upstream writes to {@code .digest} when a job is locked (layout.md §5):
 * sha256 of the sorted JSON map {format: sha256 of its {@code .digests} bytes (a container: its
 * manifest digest), ".metadata": sha256 of the metadata bytes}. Internal formats do not count.
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(Path jobDir, Predicate<String> internal) {
        TreeMap<String, String> parts = new TreeMap<>();
        for (String format : Browser.children(jobDir)) {
            if (internal.test(format)) {
                continue;
            }
            Path dir = jobDir.resolve(format);
            Optional<String> value = format.equals("container") ? manifest(dir) : Optional.of("sha256:" + sha256(read(dir.resolve(".digests"))));
            value.ifPresent(v -> parts.put(format, v));
        }
        parts.put(".metadata", "sha256:" + sha256(read(jobDir.resolve(".metadata"))));
        return sha256(PyJson.sortedObject(parts));
    }

    /** A container format holds exactly one manifest, named by its digest (layout.md §8). */
    private static Optional<String> manifest(Path container) {
        Path manifests = container.resolve("manifests").resolve("sha256");
        if (!Files.isDirectory(manifests)) {
            return Optional.empty();
        }
        try {
            return dev.dlrepo.storage.Walk.regularFiles(manifests, 2).stream().map(p -> "sha256:" + p.getFileName()).sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A missing file hashes as empty, as a job without metadata has none to hash. */
    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
