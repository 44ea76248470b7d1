package dev.dlrepo.api;

import dev.dlrepo.storage.FormatInfo;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format) {
        FormatRef ref = JobResource.ref(Space.of(http), branch, tag, job, format);
        if (!Canonical.hasTrailingSlash(uri)) {
            return shortcut(ref);
        }
        return Canonical.redirect(uri, Space.of(http), ref.url()).orElseGet(() -> Views.json(Views.format(repository.format(ref))));
    }

    @HEAD
    public Response head(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format) {
        FormatRef ref = JobResource.ref(Space.of(http), branch, tag, job, format);
        if (!Canonical.hasTrailingSlash(uri)) {
            return shortcut(ref);
        }
        if (repository.format(ref).dirty()) {
            return ErrorMapper.error(404, "Not Found").build();
        }
        return Canonical.redirect(uri, Space.of(http), ref.url()).orElseGet(() -> Response.ok().build());
    }

    @PATCH
    public Response finalizeFormat(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format) {
        repository.finalizeFormat(JobResource.ref(Space.of(http), branch, tag, job, format));
        return Response.ok().build();
    }

    @DELETE
    public Response delete(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format) {
        repository.deleteFormat(JobResource.ref(Space.of(http), branch, tag, job, format));
        return Response.ok().build();
    }

    /** 404 while dirty; 302 to the only file (as an attachment) unless it is index.html; else to {f}/. */
    private Response shortcut(FormatRef ref) {
        FormatInfo info = repository.format(ref);
        if (info.dirty()) {
            return ErrorMapper.error(404, "Not Found").build();
        }
        if (info.files().size() == 1 && !info.files().get(0).equals("index.html")) {
            String file = info.files().get(0);
            String name = file.substring(file.lastIndexOf('/') + 1);
            return Canonical.found(uri, ref.url() + file)
                    .header("Content-Disposition", "attachment; filename=" + name).build();
        }
        return Canonical.found(uri, ref.url()).build();
    }
}
