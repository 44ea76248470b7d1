package dev.dlrepo.api;

import java.util.Optional;

/**
 * One {@code Range: bytes=} request, resolved against a file size. Several ranges are answered
 * with the whole file (allowed by RFC 9110, as our download reference does); a malformed header
 * is ignored; a range that starts past the end is unsatisfiable (416).
 */
record ByteRange(long start, long end) {
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return end - start + 1;
    }

    /** Empty when the whole file is to be sent. */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return Optional.empty();
                }
                long suffix = Long.parseLong(last);
                if (suffix <= 0) {
                    return Optional.of(UNSATISFIABLE);
                }
                return size == 0 ? Optional.of(UNSATISFIABLE)
                        : Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start < 0 || (!last.isEmpty() && Long.parseLong(last) < start)) {
                return Optional.empty();
            }
            if (start >= size) {
                return Optional.of(UNSATISFIABLE);
            }
            return Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
