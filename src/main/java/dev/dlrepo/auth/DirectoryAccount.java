package dev.dlrepo.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * An LDAP entry as a token is bound to it: its stable identifier ({@code entryUUID:<uuid>},
 * {@code objectGUID:<hex>}, else {@code dn:<createTimestamp>:<DN>} or, when the directory gives
 * no creation time either, {@code dn::<DN>}), and when the entry was created if the directory says.
 */
public record DirectoryAccount(String id, Optional<Instant> created) {
    public DirectoryAccount {
        if (id == null || id.isBlank() || id.indexOf(':') <= 0) {
            throw new IllegalArgumentException("not an account identifier: " + id);
        }
    }

    /** Whether the entry came into being after {@code instant}: then it cannot have made what dates from then. */
    public boolean createdAfter(Instant instant) {
        return created.isPresent() && created.get().isAfter(instant);
    }
}
