package dev.dlrepo.storage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest digits that read back as the same double (nearest to
 * it when several do), in fixed notation from {@code 1e-4} up to {@code 1e16} ({@code 0.0001},
 * {@code 1700000000.0}), in exponent notation outside ({@code 1e-05}, {@code 1.5e+23}). The JDK's
 * {@code Double.toString} has other limits and, before JDK 19, sometimes a digit too many.
 */
final class PyFloat {
    private PyFloat() {
    }

    static String repr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(d);
        String digits = shortest.unscaledValue().abs().toString();
        // value = 0.<digits> x 10^point
        int point = digits.length() - shortest.scale();
        return (d < 0 ? "-" : "") + (point <= -4 || point > 16 ? exponent(digits, point) : fixed(digits, point));
    }

    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        // Double.toString reads back as d, so its length is an upper bound; and if no p digits
        // read back, no fewer do either: search down from it
        int p = new BigDecimal(Double.toString(d)).stripTrailingZeros().precision();
        BigDecimal best = nearestReadingBack(exact, d, p);
        for (BigDecimal shorter; p > 1 && (shorter = nearestReadingBack(exact, d, p - 1)) != null; p--) {
            best = shorter;
        }
        return best.stripTrailingZeros();
    }

    /** The p-digit decimal nearest to d that reads back as d, or null. */
    private static BigDecimal nearestReadingBack(BigDecimal exact, double d, int p) {
        BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (nearest.doubleValue() == d) {
            return nearest;
        }
        // next to a power of two the interval that reads back is lopsided: a neighbour may fit
        BigDecimal step = nearest.ulp();
        BigDecimal up = nearest.add(step);
        BigDecimal down = nearest.subtract(step);
        boolean upFits = up.doubleValue() == d;
        boolean downFits = down.doubleValue() == d;
        if (upFits && downFits) {
            return up.subtract(exact).abs().compareTo(down.subtract(exact).abs()) <= 0 ? up : down;
        }
        return upFits ? up : downFits ? down : null;
    }

    private static String fixed(String digits, int point) {
        if (point <= 0) {
            return "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return digits + "0".repeat(point - digits.length()) + ".0";
        }
        return digits.substring(0, point) + "." + digits.substring(point);
    }

    private static String exponent(String digits, int point) {
        int e = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
    }
}
