package dev.dlrepo.api;

import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.Stored;
import dev.dlrepo.storage.StoredFile;
import jakarta.enterprise.context.RequestScoped;
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
@RequestScoped
public class ArtifactResource {
    static final String STORED = "dev.dlrepo.stored";
    private static final String PEER_AGENT = "dlrepo-server/";

    private Repository repository;
    private Downloads downloads;
    @Context
    private UriInfo uri;
    @Context
    private Request request;
    @Context
    private HttpServletRequest http;

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
            @HeaderParam("User-Agent") String agent, InputStream body) {
        FormatRef ref = JobResource.ref(Space.of(http), branch, tag, job, format);
        ArtifactPath file = new ArtifactPath(path);
        boolean fromPeer = agent != null && agent.startsWith(PEER_AGENT);
        Digest parsed = Digest.parse(digest);
        Stored stored = link != null && link.equals(digest)
                ? repository.link(ref, file, parsed, fromPeer)
                : repository.upload(ref, file, parsed, body, fromPeer);
        http.setAttribute(STORED, stored);
        return Response.status(Response.Status.CREATED).build();
    }

    @GET
    public Response get(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format, @PathParam("path") String path) {
        return read(JobResource.ref(Space.of(http), branch, tag, job, format), directoryOrPath(path), false);
    }

    /** {@code sub/dir/} names a directory inside the format: not a file (JSON clients get 404). */
    private static ArtifactPath directoryOrPath(String path) {
        if (path.endsWith("/")) {
            throw new NotFound();
        }
        return new ArtifactPath(path);
    }

    /** With a {@code Digest} header: does that blob exist anywhere? (the URL only serves ACLs). */
    @HEAD
    public Response head(@PathParam("branch") String branch, @PathParam("tag") String tag,
            @PathParam("job") String job, @PathParam("format") String format, @PathParam("path") String path,
            @HeaderParam("Digest") String digest) {
        FormatRef ref = JobResource.ref(Space.of(http), branch, tag, job, format);
        if (digest != null) {
            Digest parsed = Digest.parse(digest);
            long size = repository.blobSize(parsed).orElseThrow(NotFound::new);
            return Response.ok().header("Digest", parsed.toString()).header("Content-Length", size)
                    .type("application/octet-stream").build();
        }
        return read(ref, directoryOrPath(path), true);
    }

    private Response read(FormatRef ref, ArtifactPath path, boolean head) {
        var redirect = Canonical.redirect(uri, Space.of(http), ref.url() + path);
        if (redirect.isPresent()) {
            return redirect.get();
        }
        StoredFile file;
        try {
            file = repository.file(ref, path);
        } catch (NotFound e) {
            return virtualSha256(ref, path).orElseThrow(() -> e);
        }
        return downloads.serve(file, request, http, head);
    }

    /** {@code <file>.sha256} of a file that has a sha256 entry: {@code <hex>  <name>}. */
    private java.util.Optional<Response> virtualSha256(FormatRef ref, ArtifactPath path) {
        String p = path.value();
        if (!p.endsWith(".sha256") || p.length() == 7) {
            return java.util.Optional.empty();
        }
        String target = p.substring(0, p.length() - 7);
        return java.util.Optional.ofNullable(repository.digests(ref).get(target))
                .filter(d -> d.regionMatches(true, 0, "sha256:", 0, 7))
                .map(d -> Views.text(Views.sha256Line(Digest.parse(d), target.substring(target.lastIndexOf('/') + 1))));
    }
}
