package dev.dlrepo.api;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.NotAllowed;
import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.lifecycle.Products;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A product version, and its formats and their files through the products view, read-only: the same answers as under
 * {@code /branches}, with the product URL as the canonical one. Writes are refused as upstream
 * refuses them: PUT and DELETE 400, PATCH (finalize) 405. A read must be allowed on the product
 * URL (by the filter) and on the format's own URL: a format the branch ACLs hide is not found here.
 */
@Path("/products/{product}/{variant}/{branch}/{version}")
@RequestScoped
public class ProductFormatResource {
    private Repository repository;
    private Products products;
    private Downloads downloads;
    @Context
    private UriInfo uri;
    @Context
    private Request request;
    @Context
    private HttpServletRequest http;

    protected ProductFormatResource() {
    }

    @Inject
    public ProductFormatResource(Repository repository, Products products, Downloads downloads) {
        this.repository = repository;
        this.products = products;
        this.downloads = downloads;
    }

    /** The version: its formats (those the user may read). */
    @GET
    public Response version(@PathParam("product") String product, @PathParam("variant") String variant,
            @PathParam("branch") String branch, @PathParam("version") String version) {
        Space space = Space.of(http);
        ProductVersion ref = ProductVersion.of(space.repo(), product, variant, branch, version);
        return Canonical.redirect(uri, space, ref.url()).orElseGet(() -> {
            List<String> formats = products.formats(ref, Visible.readable(http));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", ref.version().value());
            body.put("artifact_formats", formats);
            return Views.json(Map.of("version", body));
        });
    }

    @GET
    @Path("{format}")
    public Response format(@PathParam("product") String p, @PathParam("variant") String v, @PathParam("branch") String b,
            @PathParam("version") String version, @PathParam("format") String format) {
        Linked f = linked(p, v, b, version, format);
        return Canonical.hasTrailingSlash(uri) ? reads().listing(f.target(), f.url()) : reads().shortcut(f.target(), f.url());
    }

    @HEAD
    @Path("{format}")
    public Response finalized(@PathParam("product") String p, @PathParam("variant") String v, @PathParam("branch") String b,
            @PathParam("version") String version, @PathParam("format") String format) {
        Linked f = linked(p, v, b, version, format);
        return Canonical.hasTrailingSlash(uri) ? reads().finalized(f.target(), f.url()) : reads().shortcut(f.target(), f.url());
    }

    @GET
    @Path("{format}.sha256")
    public Response sha256(@PathParam("product") String p, @PathParam("variant") String v, @PathParam("branch") String b,
            @PathParam("version") String version, @PathParam("format") String format) {
        Linked f = linked(p, v, b, version, format);
        return reads().sha256(f.target(), f.url().substring(0, f.url().length() - 1) + ".sha256");
    }

    @GET
    @Path("{format}/{path: .+}")
    public Response file(@PathParam("product") String p, @PathParam("variant") String v, @PathParam("branch") String b,
            @PathParam("version") String version, @PathParam("format") String format, @PathParam("path") String path) {
        return read(p, v, b, version, format, path, false);
    }

    @HEAD
    @Path("{format}/{path: .+}")
    public Response fileHead(@PathParam("product") String p, @PathParam("variant") String v, @PathParam("branch") String b,
            @PathParam("version") String version, @PathParam("format") String format, @PathParam("path") String path) {
        return read(p, v, b, version, format, path, true);
    }

    @PUT
    @Path("{format}/{path: .+}")
    public Response upload() {
        throw new BadRequest("Uploading products is not supported");
    }

    @PATCH
    @Path("{format}")
    public Response finalizeFormat() {
        throw new NotAllowed("GET");
    }

    @DELETE
    @Path("{format}")
    public Response delete() {
        throw new BadRequest("Deleting product formats is not supported");
    }

    private Response read(String p, String v, String b, String version, String format, String path, boolean head) {
        Linked f = linked(p, v, b, version, format);
        return reads().file(f.target(), f.url(), FormatReads.directoryOrPath(path), head, downloads, request);
    }

    /** A format as the products view names it: the format behind the link, and its product URL. */
    private record Linked(FormatRef target, String url) {
    }

    private Linked linked(String p, String v, String b, String version, String format) {
        ProductVersion ref = ProductVersion.of(Space.of(http).repo(), p, v, b, version);
        FormatRef target = products.format(ref, format, Visible.readable(http));
        return new Linked(target, ref.url() + target.name() + "/");
    }

    private FormatReads reads() {
        return new FormatReads(repository, uri, http);
    }
}
