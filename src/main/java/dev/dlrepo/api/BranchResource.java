package dev.dlrepo.api;

import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.lifecycle.Lifecycle;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/** {@code /branches/} and {@code /branches/{branch}/}. */
@Path("/branches")
@RequestScoped
public class BranchResource {
    private Repository repository;
    private Lifecycle lifecycle;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected BranchResource() {
    }

    @Inject
    public BranchResource(Repository repository, Lifecycle lifecycle) {
        this.repository = repository;
        this.lifecycle = lifecycle;
    }

    @GET
    public Response list() {
        Space space = Space.of(http);
        return Canonical.redirect(uri, space, space.repo().urlPrefix() + "/branches/")
                .orElseGet(() -> Views.json(Views.branches(
                        Visible.branches(http, space.repo(), repository.branches(space.repo())))));
    }

    @GET
    @Path("{branch}")
    public Response get(@BeanParam BranchParams at, @QueryParam("released") String released) {
        BranchRef ref = at.ref();
        boolean releasedOnly = released != null && !released.isEmpty();
        return Canonical.redirect(uri, at.space(), ref.url())
                .orElseGet(() -> Views.json(Views.branch(Visible.branch(http, ref, repository.branch(ref, releasedOnly)))));
    }

    @DELETE
    @Path("{branch}")
    public Response delete(@BeanParam BranchParams at) {
        BranchRef ref = at.ref();
        return Canonical.redirect(uri, at.space(), ref.url()).orElseGet(() -> {
            lifecycle.deleteBranch(ref);
            return Response.ok().build();
        });
    }

    /** The retention policy: {@code {"branch": {"max_daily_tags"?, "max_released_tags"?}}}. */
    @POST
    @Path("{branch}")
    public Response policy(@BeanParam BranchParams at, InputStream body) {
        BranchRef ref = at.ref();
        return Canonical.redirect(uri, at.space(), ref.url()).orElseGet(() -> {
            lifecycle.setCleanupPolicy(ref, JsonBody.object(body, "branch", "invalid parameters"));
            return Response.ok().build();
        });
    }
}
