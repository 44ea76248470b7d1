package dev.dlrepo.api;

import dev.dlrepo.auth.Access;
import dev.dlrepo.lifecycle.Lifecycle;
import dev.dlrepo.lifecycle.Products;
import dev.dlrepo.request.Target;
import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.storage.TagRef;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * {@code latest}, {@code stable}, {@code oldstable} in the tag place of a {@code /branches} URL or
 * the version place of a {@code /products} URL: a GET or HEAD is answered 302 to the same URL with
 * the entry the alias stands for among those the user may read (404 if none). Other methods reach
 * the resources, which refuse writes through an alias (405).
 */
@Provider
@PreMatching
@Priority(Priorities.USER + 100) // after UserSpace has taken the /~user prefix off
@ApplicationScoped
public class AliasRedirect implements ContainerRequestFilter {
    private Lifecycle lifecycle;
    private Products products;
    @Context
    private HttpServletRequest http;

    protected AliasRedirect() {
    }

    @Inject
    public AliasRedirect(Lifecycle lifecycle, Products products) {
        this.lifecycle = lifecycle;
        this.products = products;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return;
        }
        // the path inside the space, as sent and decoded: what the resources would be matched on
        String[] segments = Target.of(http).api().map(a -> a.segments().toArray(String[]::new)).orElse(new String[0]);
        Space space = request.getProperty(Space.ATTRIBUTE) instanceof Space s ? s : Space.ROOT;
        Access access = Access.of(http);
        Optional<String> resolved = Optional.empty();
        int at;
        if (segments.length > 2 && segments[0].equals("branches") && TagRef.ALIASES.contains(bare(segments[2]))) {
            at = 2;
            TagRef alias = BranchRef.of(space.repo(), segments[1]).tag(bare(segments[2]));
            resolved = lifecycle.aliasOf(alias, access::canRead).map(t -> t.name().value());
        } else if (segments.length > 4 && segments[0].equals("products") && TagRef.ALIASES.contains(bare(segments[4]))) {
            at = 4;
            ProductVersion alias = ProductVersion.of(space.repo(), segments[1], segments[2], segments[3], bare(segments[4]));
            resolved = products.aliasOf(alias, access::canRead).map(v -> v.version().value());
        } else {
            return;
        }
        if (resolved.isEmpty()) {
            request.abortWith(ErrorMapper.error(404, "Not Found").build());
            return;
        }
        segments[at] = resolved.get() + segments[at].substring(bare(segments[at]).length());
        StringBuilder target = new StringBuilder(space.repo().urlPrefix());
        for (String s : segments) {
            target.append('/').append(s);
        }
        request.abortWith(Canonical.found(request.getUriInfo(), target.toString()).build());
    }

    /** {@code latest.tar} is the archive of {@code latest}. */
    private static String bare(String segment) {
        return segment.endsWith(".tar") ? segment.substring(0, segment.length() - 4) : segment;
    }

}
