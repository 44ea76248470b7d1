package dev.dlrepo.auth;

import java.time.Instant;
import java.util.Optional;

/** What a user may see of one of their tokens: never the secret, never its hash. */
public record TokenInfo(String id, String name, Instant created, Optional<Instant> expires, Optional<Instant> lastUsed) {
}
