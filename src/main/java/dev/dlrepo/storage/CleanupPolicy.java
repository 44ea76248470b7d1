package dev.dlrepo.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A branch's retention policy ({@code .cleanup_policy}); 0 keeps every tag. */
public record CleanupPolicy(long maxDailyTags, long maxReleasedTags) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The one reader of {@code .cleanup_policy}, for the listing, the retention and a POST that keeps
     * a value, so that all three see the same policy. Upstream's Python semantics: a missing or
     * unparsable file, or a missing key, keeps every tag (0); a value that is not an integer is
     * ignored as unlimited (0: {@code 2.5} too); a JSON boolean is a Python int ({@code true} is 1).
     */
    static CleanupPolicy read(Path branchDir) {
        JsonNode policy;
        try {
            policy = JSON.readTree(Files.readAllBytes(branchDir.resolve(".cleanup_policy")));
        } catch (IOException e) {
            return new CleanupPolicy(0, 0);
        }
        return new CleanupPolicy(integer(policy, "max_daily_tags"), integer(policy, "max_released_tags"));
    }

    private static long integer(JsonNode policy, String key) {
        JsonNode v = policy == null || !policy.isObject() ? null : policy.get(key);
        if (v == null) {
            return 0;
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? 1 : 0;
        }
        if (!v.isIntegralNumber()) {
            return 0;
        }
        return v.canConvertToLong() ? v.longValue() : v.bigIntegerValue().signum() * Long.MAX_VALUE;
    }
}
