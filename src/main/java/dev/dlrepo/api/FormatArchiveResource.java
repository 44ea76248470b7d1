package dev.dlrepo.api;

import dev.dlrepo.storage.Archive;
import dev.dlrepo.storage.FormatRef;
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

/** {@code {f}.tar}: the format's files; HEAD answers whether it is finalized (404 while dirty). */
@Path("/branches/{branch}/{tag}/{job}/{format}.tar")
@RequestScoped
public class FormatArchiveResource {
    private Repository repository;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected FormatArchiveResource() {
    }

    @Inject
    public FormatArchiveResource(Repository repository) {
        this.repository = repository;
    }

    /** Dirty formats are served too, as upstream. */
    @GET
    public Response get(@BeanParam FormatParams at) {
        FormatRef ref = at.ref();
        Archive archive = repository.archive(ref, Tars.readable(http));
        return Canonical.redirect(uri, at.space(), canonical(ref)).orElseGet(() -> Tars.stream(archive));
    }

    @HEAD
    public Response head(@BeanParam FormatParams at) {
        FormatRef ref = at.ref();
        if (repository.archive(ref, Tars.readable(http)).dirty()) {
            return ErrorMapper.error(404, "Not Found").build();
        }
        return Canonical.redirect(uri, at.space(), canonical(ref)).orElseGet(() -> Response.ok().type(Tars.TYPE).build());
    }

    private static String canonical(FormatRef ref) {
        return ref.job().url() + ref.name() + ".tar";
    }
}
