package dev.dlrepo.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * Who a request is, as the authentication filter decided: the login as given (empty for
 * anonymous), the groups whose ACL files apply, and the mode that recognised it (for the audit log).
 */
public record Identity(String login, Set<String> groups, AuthMode mode) {
    public static final String ATTRIBUTE = "dev.dlrepo.identity";
    public static final String ANONYMOUS_GROUP = "ANONYMOUS";
    public static final Identity ANONYMOUS = new Identity("", Set.of(ANONYMOUS_GROUP), AuthMode.ANONYMOUS);
    /** Authentication disabled: no checks at all. */
    public static final Identity NOBODY_CHECKS = new Identity("", Set.of(), AuthMode.DISABLED);

    public Identity {
        groups = Set.copyOf(groups);
    }

    public boolean anonymous() {
        return login.isEmpty();
    }

    /** The identity the authentication filter attached to a request (anonymous if none). */
    public static Identity of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Identity i ? i : ANONYMOUS;
    }
}
