package dev.dlrepo.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Upstream's canonical URLs: lower-case names, a trailing slash on collections. A request by any
 * other spelling is answered 302 to the canonical one (path only, under the context path).
 */
final class Canonical {
    private Canonical() {
    }

    /**
     * 302 to {@code canonical} (a decoded path from the API root, {@code /~user} prefix included)
     * if the request path, as sent, differs.
     */
    static Optional<Response> redirect(UriInfo uri, Space space, String canonical) {
        if (space.requested(uri).equals(canonical)) {
            return Optional.empty();
        }
        return Optional.of(found(uri, canonical).build());
    }

    static Response.ResponseBuilder found(UriInfo uri, String path) {
        // a header, not location(): once a request URI was rewritten (/~user), Jersey would make
        // location() absolute with the Host the client sent
        return Response.status(Response.Status.FOUND).header(HttpHeaders.LOCATION, location(uri, path).toString())
                .header(HttpHeaders.CONTENT_LENGTH, 0);
    }

    /** Context path + the percent-encoded path: stays right behind a reverse proxy. */
    static URI location(UriInfo uri, String path) {
        String base = uri.getBaseUri().getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringBuilder out = new StringBuilder(base);
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            out.append('/').append(encodeSegment(segments[i]));
        }
        return URI.create(out.toString());
    }

    static String encodeSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
    }

    static boolean hasTrailingSlash(UriInfo uri) {
        return uri.getPath(false).endsWith("/");
    }
}
