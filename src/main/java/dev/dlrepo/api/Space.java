package dev.dlrepo.api;

import dev.dlrepo.storage.Repo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.UriInfo;

/**
 * The repository a request addresses: the main tree, or a user's under {@code /~user}, with the
 * prefix as it was sent (decoded, e.g. {@code /~Alice}) so canonical redirects see the real URL.
 */
record Space(Repo repo, String sent) {
    static final String ATTRIBUTE = "dev.dlrepo.space";
    static final Space ROOT = new Space(Repo.ROOT, "");

    /** Set by {@link UserSpace} on user URLs; the main tree otherwise. */
    static Space of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Space s ? s : ROOT;
    }

    /** The decoded path of the request as the client wrote it, prefix included. */
    String requested(UriInfo uri) {
        return sent + "/" + uri.getPath(true);
    }
}
