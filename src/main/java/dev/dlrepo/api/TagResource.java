package dev.dlrepo.api;

import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.lifecycle.Lifecycle;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.TagRef;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /branches/{branch}/{tag}/}; every method is first redirected to the canonical URL. */
@Path("/branches/{branch}/{tag}")
@RequestScoped
public class TagResource {
    private Repository repository;
    private Lifecycle lifecycle;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected TagResource() {
    }

    @Inject
    public TagResource(Repository repository, Lifecycle lifecycle) {
        this.repository = repository;
        this.lifecycle = lifecycle;
    }

    @GET
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag) {
        Space space = Space.of(http);
        TagRef ref = BranchRef.of(space.repo(), branch).tag(tag);
        return Canonical.redirect(uri, space, ref.url())
                .orElseGet(() -> Views.json(Views.tag(Visible.tag(http, ref, repository.tag(ref)), uri.getQueryParameters())));
    }

    @DELETE
    public Response delete(@PathParam("branch") String branch, @PathParam("tag") String tag) {
        Space space = Space.of(http);
        TagRef ref = BranchRef.of(space.repo(), branch).tag(tag);
        return Canonical.redirect(uri, space, ref.url()).orElseGet(() -> {
            lifecycle.deleteTag(ref);
            return Response.ok().build();
        });
    }

    /** {@code {"tag": {"released"?, "locked"?, "stable"?, "description"?}}}. */
    @POST
    public Response flags(@PathParam("branch") String branch, @PathParam("tag") String tag, java.io.InputStream body) {
        Space space = Space.of(http);
        TagRef ref = BranchRef.of(space.repo(), branch).tag(tag);
        return Canonical.redirect(uri, space, ref.url()).orElseGet(() -> {
            lifecycle.setTagFlags(ref, JsonBody.object(body, "tag", "invalid parameters"));
            return Response.ok().build();
        });
    }
}
