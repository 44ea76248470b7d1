package dev.dlrepo.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlrepo.error.BadRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /tokens/}: {@code {"name": "ci", "expires": "2027-01-01T00:00:00Z"}} or
 * {@code {"name": "ci", "expires_in_days": 30}}, or no expiry at all. Checked here, so a value that
 * exists is valid; whether the expiry lies in the future depends on the clock, so {@link Tokens}
 * checks that.
 */
public record TokenRequest(String name, Optional<Instant> expires, Optional<Integer> expiresInDays) {
    public static final int MAX_BODY = 4096;
    static final int MAX_DAYS = 3650;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@:-]{0,63}");
    private static final Set<String> KEYS = Set.of("name", "expires", "expires_in_days");
    private static final ObjectMapper JSON = new ObjectMapper();

    public TokenRequest {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequest("name: 1 to 64 characters, letters, digits, space and ._@:- (starting with a letter or digit)");
        }
        if (expires.isPresent() && expiresInDays.isPresent()) {
            throw new BadRequest("give expires or expires_in_days, not both");
        }
        if (expiresInDays.isPresent() && (expiresInDays.get() < 1 || expiresInDays.get() > MAX_DAYS)) {
            throw new BadRequest("expires_in_days: 1 to " + MAX_DAYS);
        }
    }

    public static TokenRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("body: a JSON object is expected");
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("body: a JSON object is expected");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new BadRequest("unknown field: " + (key.length() > 40 ? key.substring(0, 40) + "..." : key));
            }
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual()) {
            throw new BadRequest("name: a string is required");
        }
        return new TokenRequest(name.textValue(), expires(root.get("expires")), days(root.get("expires_in_days")));
    }

    private static Optional<Instant> expires(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new BadRequest("expires: an ISO-8601 date and time with an offset is expected, e.g. 2027-01-01T00:00:00Z");
        }
        try {
            return Optional.of(OffsetDateTime.parse(node.textValue()).toInstant());
        } catch (DateTimeParseException e) {
            throw new BadRequest("expires: an ISO-8601 date and time with an offset is expected, e.g. 2027-01-01T00:00:00Z");
        }
    }

    private static Optional<Integer> days(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadRequest("expires_in_days: 1 to " + MAX_DAYS);
        }
        return Optional.of(node.intValue());
    }
}
