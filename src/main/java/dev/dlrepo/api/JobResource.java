package dev.dlrepo.api;

import dev.dlrepo.lifecycle.Lifecycle;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * {@code /branches/{branch}/{tag}/{job}/}: GET, metadata (PATCH), internal and locked flags (PUT;
 * unlocking is a POST), DELETE. Upstream redirects GET only; the writes work on either spelling.
 */
@Path("/branches/{branch}/{tag}/{job}")
@RequestScoped
public class JobResource {
    private Repository repository;
    private Lifecycle lifecycle;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected JobResource() {
    }

    @Inject
    public JobResource(Repository repository, Lifecycle lifecycle) {
        this.repository = repository;
        this.lifecycle = lifecycle;
    }

    @GET
    public Response get(@BeanParam JobParams at) {
        JobRef ref = at.ref();
        return Canonical.redirect(uri, at.space(), ref.url())
                .orElseGet(() -> Views.json(Views.job(Visible.job(http, ref, repository.job(ref)))));
    }

    @PATCH
    public Response metadata(@BeanParam JobParams at, InputStream body) {
        JobRef ref = at.ref();
        lifecycle.patchMetadata(ref, JsonBody.object(body, "job", "Invalid parameters"));
        return Response.ok().build();
    }

    @PUT
    public Response flags(@BeanParam JobParams at, InputStream body) {
        JobRef ref = at.ref();
        lifecycle.setJobFlags(ref, JsonBody.object(body, "job", "Invalid parameters"), false);
        return Response.ok().build();
    }

    @POST
    public Response unlock(@BeanParam JobParams at, InputStream body) {
        JobRef ref = at.ref();
        lifecycle.setJobFlags(ref, JsonBody.object(body, "job", "Invalid parameters"), true);
        return Response.ok().build();
    }

    @DELETE
    public Response delete(@BeanParam JobParams at) {
        lifecycle.deleteJob(at.ref());
        return Response.ok().build();
    }
}
