package dev.dlrepo.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The small dot-files that hold the state of tags and jobs (layout.md §5). */
final class Flags {
    public static final String STAMP = ".stamp";
    public static final String LOCKED = ".locked";
    public static final String RELEASED = ".released";
    public static final String STABLE = ".stable";
    public static final String DIRTY = ".dirty";
    public static final String INTERNAL = ".internal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Flags() {
    }

    /**
     * Whether the flag file is there. Asked without {@code NOFOLLOW_LINKS}: on JDK 17 that variant
     * builds and throws an exception for every missing file (a missing flag is the usual answer,
     * on every upload), the plain one is a single {@code access()}. A flag is only a name: a link
     * named like one counts as the flag if it leads somewhere, and nothing is read through it.
     */
    public static boolean has(Path dir, String flag) {
        return Files.exists(dir.resolve(flag));
    }

    /** Creates an empty flag file; true if it was already there. */
    public static boolean set(Path dir, String flag) throws IOException {
        if (has(dir, flag)) {
            return true; // the usual case: no exception to build on the hot path
        }
        try {
            Files.createFile(dir.resolve(flag));
            return false;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return true;
        }
    }

    public static void clear(Path dir, String flag) throws IOException {
        Files.deleteIfExists(dir.resolve(flag));
    }

    /** Sets or clears a flag. */
    static void put(Path dir, String flag, boolean on) {
        try {
            if (on) {
                set(dir, flag);
            } else {
                clear(dir, flag);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A small file's bytes; a missing file reads as empty. */
    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Creation time as float seconds ({@code .stamp} mtime), 0 when missing. */
    public static double timestamp(Path dir) {
        try {
            FileTime t = Files.getLastModifiedTime(dir.resolve(STAMP));
            var instant = t.toInstant();
            return instant.getEpochSecond() + instant.getNano() / 1e9;
        } catch (IOException e) {
            return 0;
        }
    }

    /** First line of a text flag ({@code .description}, {@code .publish-status}), absent when empty. */
    public static Optional<String> text(Path dir, String name) {
        try {
            String s = Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A JSON object file ({@code .metadata}); missing or invalid reads as empty. */
    public static Map<String, Object> jsonObject(Path file) {
        try {
            Map<String, Object> map = JSON.readValue(Files.readAllBytes(file), new TypeReference<LinkedHashMap<String, Object>>() {
            });
            return map == null ? Map.of() : new TreeMap<>(map);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }
}
