package dev.dlrepo.api;

import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.request.Address;
import dev.dlrepo.request.Target;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.Repo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Optional;

/**
 * {@code /~user/...} (also spelled {@code /%7euser/}, {@code /%7Euser/}) is the whole API again,
 * on the repository {@code users/<user>/}. Before resources are matched, the prefix is taken off
 * the request URI and recorded as the request's {@link Space}: every resource serves both trees
 * unchanged, taking its repository from the request. The space is the request's {@link Target}
 * as sent, the one the authorization filter checked. {@code /~user} and {@code /~user/}
 * themselves are the user's home ({@link UserResource}).
 */
@Provider
@PreMatching
public class UserSpace implements ContainerRequestFilter {
    @Context
    private HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<Address> sent = Target.of(http).api();
        if (sent.isEmpty()) {
            request.abortWith(ErrorMapper.error(400, "Invalid path").build()); // the filters refused it already
            return;
        }
        Address at = sent.get();
        if (at.user().isEmpty() || at.home()) {
            return; // the main tree, or the user's home
        }
        Name user;
        try {
            user = Name.of(at.user().get());
        } catch (DlrepoException e) {
            request.abortWith(ErrorMapper.error(e.status(), e.reason()).build());
            return;
        }
        UriInfo uri = request.getUriInfo();
        String raw = uri.getPath(false); // "~user/rest" still encoded as sent: Jersey decodes the rest itself
        String rest = raw.substring(raw.indexOf('/') + 1);
        String query = uri.getRequestUri().getRawQuery();
        URI base = uri.getBaseUri();
        request.setRequestUri(base, URI.create(base.toString() + rest + (query == null ? "" : "?" + query)));
        request.setProperty(Space.ATTRIBUTE, new Space(Repo.ofUser(user), "/~" + at.user().get()));
    }
}
