package dev.dlrepo.auth;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The answers the filters give themselves, in the API's JSON shape (the registry's under /v2/). */
final class Refusals {
    private Refusals() {
    }

    /** 401 with upstream's challenge: for unknown credentials and for forbidden alike (never 403). */
    static void unauthorized(HttpServletResponse response, String realm, boolean registry) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"utf-8\"");
        if (registry) {
            response.setHeader("Docker-Distribution-Api-Version", "registry/2.0");
            write(response, 401, "{\"errors\": [{\"code\": \"UNAUTHORIZED\", \"message\": \"Authentication is required.\"}]}");
        } else {
            write(response, 401, "{\"error\": \"Unauthorized\"}");
        }
    }

    static void badRequest(HttpServletResponse response, String reason) throws IOException {
        write(response, 400, "{\"error\": \"" + reason + "\"}");
    }

    static boolean registry(String path) {
        return path.equals("/v2") || path.startsWith("/v2/");
    }

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
