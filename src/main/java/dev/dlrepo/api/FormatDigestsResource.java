package dev.dlrepo.api;

import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
    public Response get(@BeanParam FormatParams at) {
        FormatRef ref = at.ref();
        String canonical = ref.job().url() + ref.name() + ".sha256";
        return new FormatReads(repository, uri, http).sha256(ref, canonical);
    }
}
