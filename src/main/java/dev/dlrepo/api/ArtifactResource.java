package dev.dlrepo.api;

import dev.dlrepo.audit.Written;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Incoming;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.Stored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/** A file of a format: upload or link (PUT), download (GET), blob probe or file check (HEAD). */
@Path("/branches/{branch}/{tag}/{job}/{format}/{path: .+}")
@ApplicationScoped // the hot path: one instance, not a CDI bean and its injection per request (docs/architecture.md)
public class ArtifactResource {
    private Repository repository;
    private Downloads downloads;

    protected ArtifactResource() {
    }

    @Inject
    public ArtifactResource(Repository repository, Downloads downloads) {
        this.repository = repository;
        this.downloads = downloads;
    }

    /** With {@code X-Dlrepo-Link} equal to {@code Digest}: link the existing blob, read no body. */
    @PUT
    public Response put(@BeanParam FileParams at, @HeaderParam("Digest") String digest,
            @HeaderParam("X-Dlrepo-Link") String link, @HeaderParam("User-Agent") String agent,
            @Context HttpServletRequest http, InputStream body) {
        Stored stored = repository.put(at.format(), at.path(),
                Incoming.of(digest, link, agent, () -> body, Visible.readable(http)));
        new Written(stored).attachTo(http);
        return Response.status(Response.Status.CREATED).build();
    }

    @GET
    public Response get(@BeanParam FileParams at, @Context UriInfo uri, @Context Request request,
            @Context HttpServletRequest http) {
        FormatRef format = at.format();
        return new FormatReads(repository, uri, http).file(format, format.url(), at.readPath(), false, downloads, request);
    }

    /**
     * With a {@code Digest} header: may I link that blob instead of sending it? Yes when it is
     * stored and held by a file the caller may read (the URL only serves ACLs); else 404.
     */
    @HEAD
    public Response head(@BeanParam FileParams at, @HeaderParam("Digest") String digest, @Context UriInfo uri,
            @Context Request request, @Context HttpServletRequest http) {
        FormatRef format = at.format();
        if (digest == null) {
            return new FormatReads(repository, uri, http).file(format, format.url(), at.readPath(), true, downloads, request);
        }
        Digest parsed = Digest.parse(digest);
        long size = repository.blobSize(parsed, Visible.readable(http)).orElseThrow(NotFound::new);
        return Response.ok().header("Digest", parsed.toString()).header("Content-Length", size)
                .type("application/octet-stream").build();
    }
}
