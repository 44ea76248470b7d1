package dev.dlrepo.api;

import dev.dlrepo.lifecycle.Products;
import dev.dlrepo.storage.Name;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The products view, read-only: {@code /products/}, a product, a variant, a product branch (its
 * versions with their derived flags). Only what the user may read, through the product URL and the
 * formats behind it ({@link Products}); versions: {@link ProductFormatResource}.
 */
@Path("/products")
@RequestScoped
public class ProductResource {
    private Products products;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected ProductResource() {
    }

    @Inject
    public ProductResource(Products products) {
        this.products = products;
    }

    @GET
    public Response list(@BeanParam ProductParams at) {
        return level(at, names -> ProductViews.products(children(at)));
    }

    @GET
    @Path("{product}")
    public Response product(@BeanParam ProductParams at) {
        return level(at, names -> ProductViews.product(names.get(0).value(), children(at)));
    }

    @GET
    @Path("{product}/{variant}")
    public Response variant(@BeanParam ProductParams at) {
        return level(at, names -> ProductViews.variant(names.get(1).value(), children(at)));
    }

    @GET
    @Path("{product}/{variant}/{branch}")
    public Response branch(@BeanParam ProductParams at) {
        return level(at, names -> {
            String[] levels = at.levels();
            return ProductViews.branch(names.get(2).value(),
                    products.versions(at.space().repo(), levels[0], levels[1], levels[2], Visible.readable(http)));
        });
    }

    /** The level's canonical URL first (names validated, 302 if spelled otherwise), then its view. */
    private Response level(ProductParams at, Function<List<Name>, Map<String, Object>> view) {
        List<Name> names = at.names();
        return Canonical.redirect(uri, at.space(), at.levelUrl()).orElseGet(() -> Views.json(view.apply(names)));
    }

    private List<String> children(ProductParams at) {
        return products.children(at.space().repo(), Visible.readable(http), at.levels());
    }
}
