package dev.dlrepo.audit;

import dev.dlrepo.storage.Stored;
import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * What a write stored (the digest and size recorded, not those the client claimed), left on the
 * request by the resource for the audit filter, which runs outside Jersey. The attribute's one name.
 */
public record Written(Stored stored) {
    private static final String ATTRIBUTE = "dev.dlrepo.stored";

    public void attachTo(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static Optional<Written> on(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Written w ? Optional.of(w) : Optional.empty();
    }
}
