package dev.dlrepo.api;

import dev.dlrepo.audit.Written;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.Stored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/** A file of a format: upload or link (PUT), download (GET), blob probe or file check (HEAD). */
@Path("/branches/{branch}/{tag}/{job}/{format}/{path: .+}")
@ApplicationScoped // the hot path: one instance, not a CDI bean and its injection per request (docs/architecture.md)
public class ArtifactResource {
    private static final String PEER_AGENT = "dlrepo-server/";

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
    public Response put(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format, @PathParam("path") String path,
            @HeaderParam("Digest") String digest, @HeaderParam("X-Dlrepo-Link") String link,
            @HeaderParam("User-Agent") String agent, @Context HttpServletRequest http, InputStream body) {
        FormatRef ref = JobResource.ref(Space.of(http), branch, tag, job, format);
        ArtifactPath file = new ArtifactPath(path);
        boolean fromPeer = agent != null && agent.startsWith(PEER_AGENT);
        Digest parsed = Digest.parse(digest);
        Stored stored = link != null && link.equals(digest)
                ? repository.link(ref, file, parsed, fromPeer, Visible.readable(http))
                : repository.upload(ref, file, parsed, body, fromPeer);
        new Written(stored).attachTo(http);
        return Response.status(Response.Status.CREATED).build();
    }

    @GET
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format, @PathParam("path") String path,
            @Context UriInfo uri, @Context Request request, @Context HttpServletRequest http) {
        return read(JobResource.ref(Space.of(http), branch, tag, job, format), path, false, uri, request, http);
    }

    /**
     * With a {@code Digest} header: may I link that blob instead of sending it? Yes when it is
     * stored and held by a file the caller may read (the URL only serves ACLs); else 404.
     */
    @HEAD
    public Response head(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format, @PathParam("path") String path,
            @HeaderParam("Digest") String digest, @Context UriInfo uri, @Context Request request,
            @Context HttpServletRequest http) {
        FormatRef ref = JobResource.ref(Space.of(http), branch, tag, job, format);
        if (digest != null) {
            Digest parsed = Digest.parse(digest);
            long size = repository.blobSize(parsed, Visible.readable(http)).orElseThrow(NotFound::new);
            return Response.ok().header("Digest", parsed.toString()).header("Content-Length", size)
                    .type("application/octet-stream").build();
        }
        return read(ref, path, true, uri, request, http);
    }

    private Response read(FormatRef ref, String path, boolean head, UriInfo uri, Request request, HttpServletRequest http) {
        return new FormatReads(repository, uri, http)
                .file(ref, ref.url(), FormatReads.directoryOrPath(path), head, downloads, request);
    }
}
