package dev.dlrepo.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code Range} header as Tomcat's parser reads it, before any file is looked at: a unit (a
 * token, lower-cased), {@code =}, then {@code first-last} specs separated by commas, spaces and
 * tabs allowed around every part. A missing number is -1 ({@code -5} is a suffix, {@code 5-} runs
 * to the end). {@link #parse} answers null for anything else, which the server refuses with 416.
 */
record RangeHeader(String unit, List<RangeHeader.Spec> specs) {
    /** {@code first-last}, -1 where a number is missing. */
    record Spec(long first, long last) {
    }

    private static final String TCHARS = "!#$%&'*+-.^_`|~";

    static RangeHeader parse(String header) {
        Reader in = new Reader(header);
        String unit = in.token();
        if (unit.isEmpty() || !in.skip('=')) {
            return null;
        }
        List<Spec> specs = new ArrayList<>();
        while (true) {
            long first;
            long last;
            try {
                first = in.number();
                if (!in.skip('-')) {
                    return null;
                }
                last = in.number();
            } catch (NumberFormatException e) {
                return null; // more digits than a long holds
            }
            if (first == -1 && last == -1 || first != -1 && last != -1 && first > last) {
                return null;
            }
            specs.add(new Spec(first, last));
            if (in.atEnd()) {
                break;
            }
            if (!in.skip(',')) {
                return null; // a comma goes on to another spec: "0-5," is malformed too
            }
        }
        return new RangeHeader(unit.toLowerCase(Locale.ENGLISH), List.copyOf(specs));
    }

    /** The header, read left to right; white space (SP, HTAB) is skipped before every part. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        private void blanks() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        /** Nothing left but white space. */
        boolean atEnd() {
            blanks();
            return at == text.length();
        }

        String token() {
            blanks();
            int from = at;
            while (at < text.length() && isTchar(text.charAt(at))) {
                at++;
            }
            return text.substring(from, at);
        }

        boolean skip(char c) {
            blanks();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        /** Digits as a long; -1 when there are none. */
        long number() {
            blanks();
            int from = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            return at == from ? -1 : Long.parseLong(text.substring(from, at));
        }

        private static boolean isTchar(char c) {
            return c < 0x80 && (Character.isLetterOrDigit(c) || TCHARS.indexOf(c) >= 0);
        }
    }
}
