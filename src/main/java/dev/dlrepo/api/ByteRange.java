package dev.dlrepo.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code Range} header asks of a file, resolved against its size as Tomcat's
 * {@code DefaultServlet} resolves it: an empty file, another unit or no header get the whole
 * file; a malformed header, or a range that starts past the end, is unsatisfiable (416). Several
 * ranges are answered with the whole file (allowed by RFC 9110; Tomcat sends a multipart body),
 * once each of them is well-formed and satisfiable.
 */
sealed interface ByteRange {
    /** 200 with every byte. */
    record Whole(long size) implements ByteRange {
    }

    /** 206 with bytes {@code start} to {@code end}, both included. */
    record Part(long start, long end, long size) implements ByteRange {
        public Part {
            if (start < 0 || end < start || end >= size) {
                throw new IllegalArgumentException("bytes " + start + "-" + end + "/" + size);
            }
        }

        long length() {
            return end - start + 1;
        }
    }

    /** 416 with {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable(long size) implements ByteRange {
    }

    static ByteRange of(String header, long size) {
        if (header == null || size == 0) {
            return new Whole(size); // a range of nothing makes no sense: Tomcat ignores it
        }
        int equals = header.indexOf('=');
        if (equals < 0) {
            return new Unsatisfiable(size);
        }
        if (!header.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole(size);
        }
        List<Part> parts = new ArrayList<>();
        for (String spec : header.substring(equals + 1).split(",", -1)) {
            Part part = part(spec.trim(), size);
            if (part == null) {
                return new Unsatisfiable(size);
            }
            parts.add(part);
        }
        Part only = parts.get(0);
        return parts.size() > 1 || only.length() == size ? new Whole(size) : only;
    }

    /** One {@code first-last}, {@code first-} or {@code -suffix}; null when malformed or unsatisfiable. */
    private static Part part(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        long start;
        long end;
        if (first.isEmpty()) {
            long suffix = number(last);
            if (suffix <= 0) {
                return null; // "-0" asks for nothing; "-" or "-x" for nothing parseable
            }
            start = Math.max(0, size - suffix);
            end = size - 1;
        } else {
            start = number(first);
            end = last.isEmpty() ? size - 1 : number(last);
            if (start < 0 || end < 0) {
                return null;
            }
        }
        end = Math.min(end, size - 1);
        return start > end ? null : new Part(start, end, size);
    }

    /** Digits only; a number too large for a long is larger than any file. -1 when not digits. */
    private static long number(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }
}
