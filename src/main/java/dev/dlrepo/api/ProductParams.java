package dev.dlrepo.api;

import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Name;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code /products/{product}/{variant}/{branch}/{version}/{format}/{path}}, as deep as the route
 * goes (the segments a route does not name stay null): the levels above a version as
 * {@link Name}s, a version as a {@link ProductVersion}, a file as an {@link ArtifactPath}. Each
 * is validated when asked.
 */
final class ProductParams {
    @PathParam("product")
    private String product;
    @PathParam("variant")
    private String variant;
    @PathParam("branch")
    private String branch;
    @PathParam("version")
    private String version;
    @PathParam("format")
    private String format;
    @PathParam("path")
    private String path;
    @Context
    private HttpServletRequest http;

    Space space() {
        return Space.of(http);
    }

    /** Product, variant, product branch: those the route names, as sent. */
    String[] levels() {
        return Stream.of(product, variant, branch).takeWhile(n -> n != null).toArray(String[]::new);
    }

    /** The same, validated and lower-cased: the names the listings echo. */
    List<Name> names() {
        List<Name> names = new ArrayList<>();
        for (String level : levels()) {
            names.add(Name.of(level));
        }
        return names;
    }

    /** The canonical URL of the level the route names: {@code /products/}, {@code /products/p/}... */
    String levelUrl() {
        StringBuilder url = new StringBuilder(space().repo().urlPrefix()).append("/products/");
        names().forEach(n -> url.append(n).append('/'));
        return url.toString();
    }

    ProductVersion version() {
        return ProductVersion.of(space().repo(), product, variant, branch, version);
    }

    /** The format's name as sent; the products view resolves it. */
    String format() {
        return format;
    }

    /** The file to read ({@code sub/dir/} is a directory: 404). */
    ArtifactPath readPath() {
        return FileParams.readPath(path);
    }
}
