package dev.dlrepo.lifecycle;

import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.PyJson;
import dev.dlrepo.storage.States;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The job fingerprint upstream writes to {@code .digest} when a job is locked (layout.md §5):
 * sha256 of the sorted JSON map {format: sha256 of its {@code .digests} bytes (a container: its
 * manifest digest), ".metadata": sha256 of the metadata bytes}. Internal formats do not count.
 * A missing file hashes as empty, as a job without metadata has none to hash.
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(States states, JobRef job) {
        TreeMap<String, String> parts = new TreeMap<>();
        for (FormatRef format : states.formatsOf(job)) {
            if (states.isInternal(format)) {
                continue;
            }
            Optional<String> value = format.name().value().equals("container") ? manifest(states, format)
                    : Optional.of("sha256:" + sha256(states.foldedDigests(format)));
            value.ifPresent(v -> parts.put(format.name().value(), v));
        }
        parts.put(".metadata", "sha256:" + sha256(states.metadataBytes(job)));
        return sha256(PyJson.sortedObject(parts));
    }

    /** A container format holds exactly one manifest, named by its digest (layout.md §8). */
    private static Optional<String> manifest(States states, FormatRef container) {
        return states.fileNames(container, "manifests/sha256", 2).map(List::stream)
                .flatMap(names -> names.map(n -> "sha256:" + n).sorted().findFirst());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
