package dev.dlrepo.api;

import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.lifecycle.Products;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /products/{p}/{v}/{pb}/{version}.tar}: the version's formats the caller may read. */
@Path("/products/{product}/{variant}/{branch}/{version}.tar")
@RequestScoped
public class ProductArchiveResource {
    private Products products;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected ProductArchiveResource() {
    }

    @Inject
    public ProductArchiveResource(Products products) {
        this.products = products;
    }

    @GET
    public Response get(@PathParam("product") String p, @PathParam("variant") String v, @PathParam("branch") String b,
            @PathParam("version") String version) {
        ProductVersion ref = ProductVersion.of(Space.of(http).repo(), p, v, b, version);
        String canonical = ref.url().substring(0, ref.url().length() - 1) + ".tar";
        return Canonical.redirect(uri, Space.of(http), canonical)
                .orElseGet(() -> Tars.stream(products.archive(ref, Visible.readable(http))));
    }
}
