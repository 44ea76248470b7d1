package dev.dlrepo.api;

import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code {f}} and {@code {f}/}: without the slash a shortcut (404 while dirty, the only file, or
 * the listing); with it the listing, the "finalized?" probe (HEAD), finalize (PATCH), DELETE.
 */
@Path("/branches/{branch}/{tag}/{job}/{format}")
@RequestScoped
public class FormatResource {
    private Repository repository;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected FormatResource() {
    }

    @Inject
    public FormatResource(Repository repository) {
        this.repository = repository;
    }

    @GET
    public Response get(@BeanParam FormatParams at) {
        FormatRef ref = at.ref();
        FormatReads reads = new FormatReads(repository, uri, http);
        return Canonical.hasTrailingSlash(uri) ? reads.listing(ref, ref.url()) : reads.shortcut(ref, ref.url());
    }

    @HEAD
    public Response head(@BeanParam FormatParams at) {
        FormatRef ref = at.ref();
        FormatReads reads = new FormatReads(repository, uri, http);
        return Canonical.hasTrailingSlash(uri) ? reads.finalized(ref, ref.url()) : reads.shortcut(ref, ref.url());
    }

    @PATCH
    public Response finalizeFormat(@BeanParam FormatParams at) {
        repository.finalizeFormat(at.ref());
        return Response.ok().build();
    }

    @DELETE
    public Response delete(@BeanParam FormatParams at) {
        repository.deleteFormat(at.ref());
        return Response.ok().build();
    }
}
