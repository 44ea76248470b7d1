package dev.dlrepo.api;

import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /branches/{branch}/{tag}/{job}/}. Upstream redirects GET only; DELETE works either way. */
@Path("/branches/{branch}/{tag}/{job}")
@RequestScoped
public class JobResource {
    private Repository repository;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected JobResource() {
    }

    @Inject
    public JobResource(Repository repository) {
        this.repository = repository;
    }

    @GET
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job) {
        Space space = Space.of(http);
        JobRef ref = ref(space, branch, tag, job);
        return Canonical.redirect(uri, space, ref.url())
                .orElseGet(() -> Views.json(Views.job(Visible.job(http, ref, repository.job(ref)))));
    }

    @DELETE
    public Response delete(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job) {
        repository.deleteJob(ref(Space.of(http), branch, tag, job));
        return Response.ok().build();
    }

    static JobRef ref(Space space, String branch, String tag, String job) {
        return BranchRef.of(space.repo(), branch).tag(tag).job(job);
    }

    static FormatRef ref(Space space, String branch, String tag, String job, String format) {
        return ref(space, branch, tag, job).format(format);
    }
}
