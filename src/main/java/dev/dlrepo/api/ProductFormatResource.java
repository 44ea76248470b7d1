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
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

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
    public Response version(@BeanParam ProductParams at) {
        ProductVersion ref = at.version();
        return Canonical.redirect(uri, at.space(), ref.url()).orElseGet(() ->
                Views.json(ProductViews.version(ref.version().value(), products.formats(ref, Visible.readable(http)))));
    }

    @GET
    @Path("{format}")
    public Response format(@BeanParam ProductParams at) {
        Linked f = linked(at);
        return Canonical.hasTrailingSlash(uri) ? reads().listing(f.target(), f.url()) : reads().shortcut(f.target(), f.url());
    }

    @HEAD
    @Path("{format}")
    public Response finalized(@BeanParam ProductParams at) {
        Linked f = linked(at);
        return Canonical.hasTrailingSlash(uri) ? reads().finalized(f.target(), f.url()) : reads().shortcut(f.target(), f.url());
    }

    @GET
    @Path("{format}.sha256")
    public Response sha256(@BeanParam ProductParams at) {
        Linked f = linked(at);
        return reads().sha256(f.target(), f.url().substring(0, f.url().length() - 1) + ".sha256");
    }

    @GET
    @Path("{format}/{path: .+}")
    public Response file(@BeanParam ProductParams at) {
        return read(at, false);
    }

    @HEAD
    @Path("{format}/{path: .+}")
    public Response fileHead(@BeanParam ProductParams at) {
        return read(at, true);
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

    private Response read(ProductParams at, boolean head) {
        Linked f = linked(at);
        return reads().file(f.target(), f.url(), at.readPath(), head, downloads, request);
    }

    /** A format as the products view names it: the format behind the link, and its product URL. */
    private record Linked(FormatRef target, String url) {
    }

    private Linked linked(ProductParams at) {
        ProductVersion ref = at.version();
        FormatRef target = products.format(ref, at.format(), Visible.readable(http));
        return new Linked(target, ref.url() + target.name() + "/");
    }

    private FormatReads reads() {
        return new FormatReads(repository, uri, http);
    }
}
