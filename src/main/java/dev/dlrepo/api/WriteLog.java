package dev.dlrepo.api;

import dev.dlrepo.storage.Stored;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.logging.Logger;

/**
 * One line per write request, refused or not, through the container's logging:
 * {@code user method path digest size status}.
 */
@Provider
public class WriteLog implements ContainerResponseFilter {
    private static final Logger LOG = Logger.getLogger("dev.dlrepo.writes");
    @Context
    private HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        Principal user = request.getSecurityContext().getUserPrincipal();
        Object stored = http.getAttribute(ArtifactResource.STORED);
        String digest = stored instanceof Stored s ? s.digest().toString() : orDash(request.getHeaderString("Digest"));
        String size = stored instanceof Stored s ? Long.toString(s.size()) : orDash(request.getHeaderString("Content-Length"));
        LOG.info(String.join(" ", user == null ? "-" : orDash(user.getName()), method,
                orDash(Space.of(http).requested(request.getUriInfo())), digest, size, Integer.toString(response.getStatus())));
    }

    /** One field, one line: a client cannot forge log lines with spaces or line breaks. */
    private static String orDash(String s) {
        if (s == null || s.isBlank()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(c <= 0x20 || c == 0x7f ? '_' : c));
        return out.toString();
    }
}
