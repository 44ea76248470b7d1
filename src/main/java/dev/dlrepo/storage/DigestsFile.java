package dev.dlrepo.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * A format's {@code .digests}: relative path to {@code "<algo>:<hex>"}. Read in any key order
 * (old upstream versions wrote insertion order), written sorted in upstream's bytes, replaced
 * atomically (staged under {@code .uploads/}, renamed over the old file).
 */
final class DigestsFile {
    static final String NAME = ".digests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private DigestsFile() {
    }

    /** Missing or unparsable reads as empty, as upstream does; non-string values are ignored. */
    static TreeMap<String, String> read(Path formatDir) {
        TreeMap<String, String> digests = new TreeMap<>();
        try {
            Map<String, Object> raw = JSON.readValue(Files.readAllBytes(formatDir.resolve(NAME)), MAP);
            raw.forEach((k, v) -> {
                if (v instanceof String s) {
                    digests.put(k, s);
                }
            });
        } catch (NoSuchFileException e) {
            // no file yet
        } catch (IOException e) {
            // unparsable: upstream reads it as empty too
        }
        return digests;
    }

    static void write(Path formatDir, Map<String, String> digests, Path temp) {
        try {
            Files.write(temp, PyJson.sortedObject(digests));
            Files.move(temp, formatDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the orphan sweep removes it
            }
            throw new UncheckedIOException(e);
        }
    }
}
