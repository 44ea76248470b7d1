package dev.dlrepo.api;

import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.ErrorBody;
import dev.dlrepo.error.NotAllowed;
import dev.dlrepo.error.PostProcessFailed;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures inside Jersey become HTTP: upstream's status and its text body
 * {@code <status>: <reason>}, written by {@link ErrorBody} as every other error answer is (the
 * registry's JSON under {@code /v2/}). Unexpected failures are logged with their stack trace
 * and answered 500 with no detail; nothing about the server's insides reaches the client.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Context
    private UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof NotAllowed n) {
            return error(405, n.reason(), null).header(HttpHeaders.ALLOW, String.join(", ", n.allowed())).build();
        }
        if (failure instanceof PostProcessFailed p) {
            return error(500, p.reason(), p.output()).build();
        }
        if (failure instanceof DlrepoException e) {
            if (e.getCause() != null) {
                LOG.log(Level.FINE, e.reason(), e.getCause());
            }
            return error(e.status(), e.reason(), null).build();
        }
        if (failure instanceof WebApplicationException w) {
            // Jersey's own answers (unknown path 404, 405 with Allow, 415...): keep status and headers
            Response original = w.getResponse();
            Response.ResponseBuilder out = error(original.getStatus(), original.getStatusInfo().getReasonPhrase(), null);
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                    values.forEach(v -> out.header(name, v));
                }
            });
            return out.build();
        }
        LOG.log(Level.SEVERE, "request failed", failure);
        return error(500, "Internal Server Error", null).build();
    }

    private Response.ResponseBuilder error(int status, String reason, String detail) {
        if (ErrorBody.underRegistry("/" + uri.getPath())) {
            return answer(status, ErrorBody.REGISTRY_JSON, ErrorBody.registry(status, reason))
                    .header("Docker-Distribution-Api-Version", "registry/2.0");
        }
        return answer(status, ErrorBody.TEXT, ErrorBody.text(status, reason, detail));
    }

    /** Upstream's text answer, for the API's filters and resources that answer an error themselves. */
    static Response.ResponseBuilder error(int status, String reason) {
        return answer(status, ErrorBody.TEXT, ErrorBody.text(status, reason));
    }

    private static Response.ResponseBuilder answer(int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return Response.status(status).type(type).header(HttpHeaders.CONTENT_LENGTH, bytes.length).entity(bytes);
    }
}
