package dev.dlrepo.auth;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LDAP's GeneralizedTime (RFC 4517) as directories write {@code createTimestamp}:
 * {@code 20260301100000Z}, {@code 20260301100000.0Z} (Active Directory), {@code 20260301120000+0200}.
 */
final class GeneralizedTime {
    private static final Pattern FORMAT = Pattern.compile("(\\d{14})(?:[.,]\\d+)?(Z|[+-]\\d{4})");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private GeneralizedTime() {
    }

    /** The instant, to the second (fractions dropped); empty when the text is not such a time. */
    static Optional<Instant> parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            ZoneOffset offset = m.group(2).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(2));
            return Optional.of(LocalDateTime.parse(m.group(1), SECONDS).toInstant(offset));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
