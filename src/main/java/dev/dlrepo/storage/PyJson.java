package dev.dlrepo.storage;

import dev.dlrepo.error.ErrorBody;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON exactly as upstream's Python writes its files ({@code json.dumps} defaults, sorted keys):
 * {@code ", "} and {@code ": "} separators, no newline, ASCII only with lower-case {@code \\uXXXX}
 * escapes (UTF-16 pairs above U+FFFF), DEL escaped too. Floats as Python prints them. Byte equality matters: the job
 * fingerprint hashes these files.
 */
public final class PyJson {
    private PyJson() {
    }

    /** A file's bytes: keys sorted, as upstream writes {@code .digests} and {@code .metadata}. */
    public static byte[] sortedObject(Map<String, ?> map) {
        Map<String, ?> sorted = map instanceof java.util.SortedMap<String, ?> s && s.comparator() == null ? map : new TreeMap<>(map);
        StringBuilder out = new StringBuilder(64 + sorted.size() * 96);
        write(out, sorted);
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One {@code "key": "value"} member of an object, in upstream's bytes. */
    static byte[] member(String key, String value) {
        StringBuilder out = new StringBuilder(key.length() + value.length() + 8);
        string(out, key);
        out.append(": ");
        string(out, value);
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Any JSON value; maps keep their own iteration order (API answers list keys as upstream). */
    public static String encode(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Double d) {
            out.append(jsonFloat(d));
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                string(out, (String) e.getKey());
                out.append(": ");
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                write(out, o);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Python's {@code repr(float)} ({@code 1e-05}, {@code 1e+23}, {@code 1700000000.0}), but {@code 0} for zero. */
    public static String pythonFloat(double d) {
        if (d == 0) {
            return "0"; // upstream answers the int 0 when a stamp is missing
        }
        return PyFloat.repr(d);
    }

    /** As {@code json.dumps} writes a float: its repr, and JavaScript's names where repr has none. */
    private static String jsonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return pythonFloat(d);
    }

    private static void string(StringBuilder out, String s) {
        if (plain(s)) {
            // the usual case (paths, digests): nothing to escape, one append
            out.append('"').append(s).append('"');
            return;
        }
        out.append(ErrorBody.quote(s));
    }
}
