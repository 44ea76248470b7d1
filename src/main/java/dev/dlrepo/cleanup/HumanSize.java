package dev.dlrepo.cleanup;

import java.util.Locale;

/**
 * Sizes in decimal units as upstream's log lines print them: {@code 512}, {@code 1.2K},
 * {@code 12.3M}, {@code 123G} (one decimal under 100 of a unit, none above).
 */
final class HumanSize {
    private static final String[] UNITS = {"K", "M", "G", "T", "P", "E"};

    private HumanSize() {
    }

    static String of(long bytes) {
        if (bytes < 1000) {
            return Long.toString(bytes);
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return Math.round(value * 10) < 1000 // as printed: 99.96 shows as 100, without a decimal
                ? String.format(Locale.ROOT, "%.1f%s", value, UNITS[unit])
                : String.format(Locale.ROOT, "%.0f%s", value, UNITS[unit]);
    }
}
