package dev.dlrepo.api;

import dev.dlrepo.storage.Archive;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format) {
        FormatRef ref = JobResource.ref(Space.of(http), branch, tag, job, format);
        Archive archive = repository.archive(ref, Tars.readable(http));
        return Canonical.redirect(uri, Space.of(http), canonical(ref)).orElseGet(() -> Tars.stream(archive));
    }

    @HEAD
    public Response head(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format) {
        FormatRef ref = JobResource.ref(Space.of(http), branch, tag, job, format);
        if (repository.archive(ref, Tars.readable(http)).dirty()) {
            return ErrorMapper.error(404, "Not Found").build();
        }
        return Canonical.redirect(uri, Space.of(http), canonical(ref)).orElseGet(() -> Response.ok().type(Tars.TYPE).build());
    }

    private static String canonical(FormatRef ref) {
        return ref.job().url() + ref.name() + ".tar";
    }
}
