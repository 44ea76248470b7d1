package dev.dlrepo.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;

/**
 * What the current request's user may read, for filtering listings: a child the user cannot
 * read is not shown. Attached to the request by the authorization filter.
 */
public final class Access {
    public static final String ATTRIBUTE = "dev.dlrepo.access";
    private static final Access EVERYTHING = new Access(null, null);
    private static final Access NOTHING = new Access(Identity.ANONYMOUS, null);
    private final Identity who;
    private final Acls acls;

    Access(Identity who, Acls acls) {
        this.who = who;
        this.acls = acls;
    }

    static Access everything() {
        return EVERYTHING;
    }

    /** May the user read this path (a decoded path from the API root, e.g. a child's canonical URL)? */
    public boolean canRead(String path) {
        if (this == EVERYTHING) {
            return true;
        }
        return acls != null && acls.allows(who, EnumSet.noneOf(Right.class), path);
    }

    public static Access of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Access a ? a : NOTHING;
    }
}
