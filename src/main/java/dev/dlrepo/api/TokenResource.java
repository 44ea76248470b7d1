package dev.dlrepo.api;

import dev.dlrepo.auth.CreatedToken;
import dev.dlrepo.auth.Identity;
import dev.dlrepo.auth.TokenRequest;
import dev.dlrepo.auth.Tokens;
import dev.dlrepo.error.BadRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/** {@code /tokens/}: the caller's own personal API tokens (docs/api.md). */
@Path("/tokens")
@RequestScoped
public class TokenResource {
    private Tokens tokens;
    @Context
    private HttpServletRequest http;

    protected TokenResource() {
    }

    @Inject
    public TokenResource(Tokens tokens) {
        this.tokens = tokens;
    }

    @GET
    public Response list() {
        return Views.json(TokenViews.tokens(tokens.list(Identity.of(http))));
    }

    @POST
    public Response create(InputStream body) throws IOException {
        CreatedToken created = tokens.create(Identity.of(http), TokenRequest.parse(limited(body)));
        return Views.json(Response.Status.CREATED, TokenViews.created(created));
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        tokens.revoke(Identity.of(http), id);
        return Response.ok().build();
    }

    private static byte[] limited(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(TokenRequest.MAX_BODY + 1);
        if (bytes.length > TokenRequest.MAX_BODY) {
            throw new BadRequest("body: at most " + TokenRequest.MAX_BODY + " bytes");
        }
        return bytes;
    }
}
