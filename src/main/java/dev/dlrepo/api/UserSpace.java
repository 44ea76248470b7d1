package dev.dlrepo.api;

import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.Repo;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/**
 * {@code /~user/...} (also spelled {@code /%7euser/}, {@code /%7Euser/}) is the whole API again,
 * on the repository {@code users/<user>/}. Before resources are matched, the prefix is taken off
 * the request URI and recorded as the request's {@link Space}: every resource serves both trees
 * unchanged, taking its repository from the request. The ACLs were already checked by the
 * authorization filter on the URL as sent. {@code /~user} and {@code /~user/} themselves are the
 * user's home ({@link UserResource}).
 */
@Provider
@PreMatching
public class UserSpace implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        String decoded = uri.getPath(true);
        if (!decoded.startsWith("~")) {
            return;
        }
        int slash = decoded.indexOf('/');
        if (slash < 0 || slash == decoded.length() - 1) {
            return; // the user's home
        }
        Name user;
        try {
            user = Name.of(decoded.substring(1, slash));
        } catch (DlrepoException e) {
            request.abortWith(ErrorMapper.error(e.status(), e.reason()).build());
            return;
        }
        String raw = uri.getPath(false);
        String rest = raw.substring(raw.indexOf('/') + 1);
        String query = uri.getRequestUri().getRawQuery();
        URI base = uri.getBaseUri();
        request.setRequestUri(base, URI.create(base.toString() + rest + (query == null ? "" : "?" + query)));
        request.setProperty(Space.ATTRIBUTE, new Space(Repo.ofUser(user), "/" + decoded.substring(0, slash)));
    }
}
