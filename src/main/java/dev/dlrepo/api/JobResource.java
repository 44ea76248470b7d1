package dev.dlrepo.api;

import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.lifecycle.Lifecycle;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job) {
        Space space = Space.of(http);
        JobRef ref = ref(space, branch, tag, job);
        return Canonical.redirect(uri, space, ref.url())
                .orElseGet(() -> Views.json(Views.job(Visible.job(http, ref, repository.job(ref)))));
    }

    @PATCH
    public Response metadata(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, InputStream body) {
        JobRef ref = ref(Space.of(http), branch, tag, job);
        lifecycle.patchMetadata(ref, JsonBody.object(body, "job", "Invalid parameters"));
        return Response.ok().build();
    }

    @PUT
    public Response flags(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, InputStream body) {
        JobRef ref = ref(Space.of(http), branch, tag, job);
        lifecycle.setJobFlags(ref, JsonBody.object(body, "job", "Invalid parameters"), false);
        return Response.ok().build();
    }

    @POST
    public Response unlock(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, InputStream body) {
        JobRef ref = ref(Space.of(http), branch, tag, job);
        lifecycle.setJobFlags(ref, JsonBody.object(body, "job", "Invalid parameters"), true);
        return Response.ok().build();
    }

    @DELETE
    public Response delete(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job) {
        lifecycle.deleteJob(ref(Space.of(http), branch, tag, job));
        return Response.ok().build();
    }

    static JobRef ref(Space space, String branch, String tag, String job) {
        return BranchRef.of(space.repo(), branch).tag(tag).job(job);
    }

    static FormatRef ref(Space space, String branch, String tag, String job, String format) {
        return ref(space, branch, tag, job).format(format);
    }
}
