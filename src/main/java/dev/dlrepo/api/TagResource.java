package dev.dlrepo.api;

import dev.dlrepo.lifecycle.Lifecycle;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.TagRef;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

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
    public Response get(@BeanParam TagParams at) {
        TagRef ref = at.ref();
        return Canonical.redirect(uri, at.space(), ref.url())
                .orElseGet(() -> Views.json(Views.tag(Visible.tag(http, ref, repository.tag(ref)), uri.getQueryParameters())));
    }

    @DELETE
    public Response delete(@BeanParam TagParams at) {
        TagRef ref = at.ref();
        return Canonical.redirect(uri, at.space(), ref.url()).orElseGet(() -> {
            lifecycle.deleteTag(ref);
            return Response.ok().build();
        });
    }

    /** {@code {"tag": {"released"?, "locked"?, "stable"?, "description"?}}}. */
    @POST
    public Response flags(@BeanParam TagParams at, InputStream body) {
        TagRef ref = at.ref();
        return Canonical.redirect(uri, at.space(), ref.url()).orElseGet(() -> {
            lifecycle.setTagFlags(ref, JsonBody.object(body, "tag", "invalid parameters"));
            return Response.ok().build();
        });
    }
}
