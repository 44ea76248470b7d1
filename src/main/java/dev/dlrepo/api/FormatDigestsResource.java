package dev.dlrepo.api;

import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code {f}.sha256}: {@code <hex>  <path>} per sha256 entry of {@code .digests}, sorted by path. */
@Path("/branches/{branch}/{tag}/{job}/{format}.sha256")
@RequestScoped
public class FormatDigestsResource {
    private Repository repository;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected FormatDigestsResource() {
    }

    @Inject
    public FormatDigestsResource(Repository repository) {
        this.repository = repository;
    }

    @GET
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format) {
        Space space = Space.of(http);
        FormatRef ref = JobResource.ref(space, branch, tag, job, format);
        String canonical = ref.job().url() + ref.name() + ".sha256";
        return new FormatReads(repository, uri, http).sha256(ref, canonical);
    }
}
