package dev.dlrepo.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * The one place where a write answered without a body of its own gets upstream's: 201 says
 * {@code 201: Created} in text/plain (dlrepo-cli prints it), 200 is empty
 * application/octet-stream. Answers with an entity (JSON, errors) pass untouched, and so do 204s
 * and every GET or HEAD: those describe a representation, their resource sets its headers.
 */
@Provider
public class SuccessBodies implements ContainerResponseFilter {
    static final String CREATED = "201: Created";
    static final MediaType TEXT = MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if (response.hasEntity() || method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            return;
        }
        if (response.getStatus() == 201) {
            response.setEntity(CREATED, null, TEXT);
        } else if (response.getStatus() == 200 && response.getMediaType() == null) {
            response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM_TYPE);
        }
    }
}
