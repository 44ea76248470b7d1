package dev.dlrepo.storage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Sizes as upstream prints them (the quota message, the user page, the orphan sweep's log line): decimal units
 * (K, M, G, T = powers of 1000), one decimal under 100, none from 100 on, plain {@code 0}.
 * The value is divided as a double and rounded like Python's format (exact binary value, half
 * to even), so {@code 1250} reads {@code 1.2K} here as it does upstream.
 */
public final class DecimalSize {
    private static final String[] UNITS = {"K", "M", "G", "T"};

    private DecimalSize() {
    }

    public static String format(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        double value = bytes;
        String unit = "";
        for (int i = 0; value >= 1000 && i < UNITS.length; i++) {
            value /= 1000;
            unit = UNITS[i];
        }
        int decimals = value < 100 ? 1 : 0;
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString() + unit;
    }
}
