package dev.dlrepo.api;

import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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

    protected JobResource() {
    }

    @Inject
    public JobResource(Repository repository) {
        this.repository = repository;
    }

    @GET
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job) {
        JobRef ref = ref(branch, tag, job);
        return Canonical.redirect(uri, ref.url())
                .orElseGet(() -> Views.json(Views.job(repository.job(ref))));
    }

    @DELETE
    public Response delete(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job) {
        repository.deleteJob(ref(branch, tag, job));
        return Response.ok().build();
    }

    static JobRef ref(String branch, String tag, String job) {
        return BranchRef.of(Repo.ROOT, branch).tag(tag).job(job);
    }

    static FormatRef ref(String branch, String tag, String job, String format) {
        return ref(branch, tag, job).format(format);
    }
}
