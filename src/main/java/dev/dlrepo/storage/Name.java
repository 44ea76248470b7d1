package dev.dlrepo.storage;

import dev.dlrepo.error.NotFound;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One level of the tree (branch, tag, job, format, product... and user): a single path segment,
 * lower-cased. Upstream answers "not found" for a name it cannot hold, so do we; the name is
 * refused before anything touches the file system.
 */
public record Name(String value) implements Comparable<Name> {
    static final int MAX_BYTES = 255;

    public Name {
        if (!valid(value)) {
            throw new NotFound();
        }
    }

    public static Name of(String raw) {
        if (raw == null) {
            throw new NotFound();
        }
        return new Name(raw.toLowerCase(Locale.ROOT));
    }

    /** Whether a directory entry found on disk is a name we would serve (listings skip others). */
    public static boolean valid(String value) {
        if (value == null || value.isEmpty() || value.startsWith(".")
                || value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES
                || !value.equals(value.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(Name o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
