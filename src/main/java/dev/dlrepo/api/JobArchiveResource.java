package dev.dlrepo.api;

import dev.dlrepo.error.NotAllowed;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code {j}.tar}: every format of the job the caller may read. Routed before the job itself,
 * as upstream: {@code /branches/b/t/x.tar} is always the archive of job {@code x}.
 */
@Path("/branches/{branch}/{tag}/{job}.tar")
@RequestScoped
public class JobArchiveResource {
    private Repository repository;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected JobArchiveResource() {
    }

    @Inject
    public JobArchiveResource(Repository repository) {
        this.repository = repository;
    }

    @GET
    public Response get(@BeanParam JobParams at) {
        JobRef ref = at.ref();
        return Canonical.redirect(uri, at.space(), ref.tag().url() + ref.name() + ".tar")
                .orElseGet(() -> Tars.stream(repository.archive(ref, Tars.readable(http))));
    }

    /** Upstream has no HEAD here (it is not derived from GET there). */
    @HEAD
    public Response head() {
        throw new NotAllowed("GET");
    }
}
