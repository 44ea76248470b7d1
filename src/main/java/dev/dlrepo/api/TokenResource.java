package dev.dlrepo.api;

import dev.dlrepo.auth.CreatedToken;
import dev.dlrepo.auth.Identity;
import dev.dlrepo.auth.TokenInfo;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        List<Map<String, Object>> out = tokens.list(Identity.of(http)).stream().map(TokenResource::view).toList();
        return Views.json(Map.of("tokens", out));
    }

    @POST
    public Response create(InputStream body) throws IOException {
        CreatedToken created = tokens.create(Identity.of(http), TokenRequest.parse(limited(body)));
        TokenInfo t = created.info();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("name", t.name());
        out.put("token", created.token()); // shown this once, never again
        out.put("created", t.created().toString());
        out.put("expires", t.expires().map(Instant::toString).orElse(null));
        return Response.status(Response.Status.CREATED).entity(new Json(out)).type(Views.JSON).build();
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

    private static Map<String, Object> view(TokenInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("created", t.created().toString());
        m.put("expires", t.expires().map(Instant::toString).orElse(null));
        m.put("last_used", t.lastUsed().map(Instant::toString).orElse(null));
        return m;
    }
}
