package dev.dlrepo.api;

import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.lifecycle.Products;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
    public Response get(@BeanParam ProductParams at) {
        ProductVersion ref = at.version();
        String canonical = ref.url().substring(0, ref.url().length() - 1) + ".tar";
        return Canonical.redirect(uri, at.space(), canonical)
                .orElseGet(() -> Tars.stream(products.archive(ref, Visible.readable(http))));
    }
}
