package dev.dlrepo.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A setting's count of bytes: digits with an optional unit K, M, G, T (powers of 1024). */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([KMGT]?)", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    static long parse(String name, String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalStateException(name + " is not a size in bytes (e.g. 1073741824 or 1G): " + value);
        }
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        try {
            long n = Long.parseLong(m.group(1));
            return unit.isEmpty() ? n : Math.multiplyExact(n, 1L << (10 * ("KMGT".indexOf(unit) + 1)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalStateException(name + " is too large: " + value, e);
        }
    }
}
