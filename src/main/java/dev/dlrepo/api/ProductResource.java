package dev.dlrepo.api;

import dev.dlrepo.lifecycle.Products;
import dev.dlrepo.lifecycle.VersionSummary;
import dev.dlrepo.storage.Repo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public Response list() {
        return level("/products/", "products", List.of());
    }

    @GET
    @Path("{product}")
    public Response product(@PathParam("product") String product) {
        return level("/products/" + name(product) + "/", "product", List.of(product));
    }

    @GET
    @Path("{product}/{variant}")
    public Response variant(@PathParam("product") String product, @PathParam("variant") String variant) {
        return level("/products/" + name(product) + "/" + name(variant) + "/", "product_variant", List.of(product, variant));
    }

    @GET
    @Path("{product}/{variant}/{branch}")
    public Response branch(@PathParam("product") String product, @PathParam("variant") String variant,
            @PathParam("branch") String branch) {
        Space space = Space.of(http);
        Repo repo = space.repo();
        String url = repo.urlPrefix() + "/products/" + name(product) + "/" + name(variant) + "/" + name(branch) + "/";
        return Canonical.redirect(uri, space, url).orElseGet(() -> {
            List<Object> versions = new java.util.ArrayList<>();
            for (VersionSummary v : products.versions(repo, product, variant, branch, Visible.readable(http))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", v.name());
                m.put("timestamp", v.timestamp());
                m.put("locked", v.locked());
                m.put("released", v.released());
                m.put("stable", v.stable());
                versions.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name(branch));
            body.put("versions", versions);
            return Views.json(Map.of("product_branch", body));
        });
    }

    /** One level of names: {@code {"<key>": {"name": ..., "<children>": [{"name": ...}]}}} (the top has no name). */
    private Response level(String path, String key, List<String> names) {
        Space space = Space.of(http);
        String url = space.repo().urlPrefix() + path;
        return Canonical.redirect(uri, space, url).orElseGet(() -> {
            List<Object> children = products.children(space.repo(), Visible.readable(http), names.toArray(String[]::new))
                    .stream().map(c -> (Object) Map.of("name", c)).toList();
            if (names.isEmpty()) {
                return Views.json(Map.of("products", children));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name(names.get(names.size() - 1)));
            body.put(names.size() == 1 ? "product_variants" : "product_branches", children);
            return Views.json(Map.of(key, body));
        });
    }

    private static String name(String raw) {
        return dev.dlrepo.storage.Name.of(raw).value();
    }
}
