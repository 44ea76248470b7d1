package dev.dlrepo.api;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What a {@code Range} header asks of a file, resolved against its size exactly as Tomcat 10.1's
 * {@code DefaultServlet} resolves it ({@code RangeOracleIT} asks the real one): an empty file or
 * another unit get the whole file; a header that does not parse (no unit, no {@code =}, a number
 * too large for a long, {@code first > last}, a stray comma), a range that starts past the end,
 * and three or more ranges overlapping more than once are unsatisfiable (416). One range, even of
 * every byte, is a part (206). Several ranges are answered with the whole file (allowed by
 * RFC 9110; Tomcat sends a multipart body), once they are satisfiable.
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

    /** No header is the whole file. */
    static ByteRange of(String header, long size) {
        if (header == null || size == 0) {
            return new Whole(size); // a range of nothing makes no sense: Tomcat ignores it
        }
        RangeHeader parsed = RangeHeader.parse(header);
        if (parsed == null) {
            return new Unsatisfiable(size);
        }
        if (!parsed.unit().equals("bytes")) {
            return new Whole(size); // RFC 9110: a unit the server does not know is ignored
        }
        List<Part> parts = new ArrayList<>();
        for (RangeHeader.Spec spec : parsed.specs()) {
            long first = spec.first();
            long last = spec.last();
            // a suffix (-n) is the last n bytes, all of them if n is larger; an end past the file stops at its end
            long start = first == -1 ? Math.max(0, size - last) : first;
            long end = first == -1 || last == -1 || last >= size ? size - 1 : last;
            if (start > end) {
                return new Unsatisfiable(size);
            }
            parts.add(new Part(start, end, size));
        }
        if (overlapTooMuch(parts)) {
            return new Unsatisfiable(size);
        }
        return parts.size() == 1 ? parts.get(0) : new Whole(size);
    }

    /**
     * Tomcat's guard against range floods: of three ranges or more, at most one may repeat or
     * overlap another (two ranges may do as they like).
     */
    private static boolean overlapTooMuch(List<Part> parts) {
        if (parts.size() < 3) {
            return false;
        }
        TreeSet<Part> sorted = new TreeSet<>((a, b) -> a.start() != b.start()
                ? Long.compare(a.start(), b.start()) : Long.compare(a.end(), b.end()));
        sorted.addAll(parts);
        int overlaps = parts.size() - sorted.size();
        long lastEnd = -1;
        for (Part p : sorted) {
            if (p.start() <= lastEnd) {
                overlaps++;
            }
            lastEnd = Math.max(lastEnd, p.end());
            if (overlaps > 1) {
                return true;
            }
        }
        return overlaps > 1;
    }
}
