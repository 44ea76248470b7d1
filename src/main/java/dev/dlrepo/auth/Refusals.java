package dev.dlrepo.auth;

import dev.dlrepo.error.TooManyRequests;
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

    /**
     * A check that could not be made (the directory is down, say): its status and reason, so a
     * client retries later instead of taking it for a wrong password. No challenge.
     */
    static void failed(HttpServletResponse response, int status, String reason, boolean registry) throws IOException {
        String body = reason.replace("\\", "\\\\").replace("\"", "\\\"");
        if (registry) {
            // the distribution spec's codes: UNAVAILABLE for 503, TOOMANYREQUESTS for 429, UNKNOWN else
            response.setHeader("Docker-Distribution-Api-Version", "registry/2.0");
            String code = status == 503 ? "UNAVAILABLE" : status == 429 ? "TOOMANYREQUESTS" : "UNKNOWN";
            write(response, status, "{\"errors\": [{\"code\": \"" + code
                    + "\", \"message\": \"" + body + "\"}]}");
        } else {
            write(response, status, "{\"error\": \"" + body + "\"}");
        }
    }

    /** 429 with {@code Retry-After}: the throttle refused to check the credentials. No challenge. */
    static void throttled(HttpServletResponse response, TooManyRequests refusal, boolean registry) throws IOException {
        response.setHeader("Retry-After", Long.toString(refusal.retryAfter()));
        failed(response, refusal.status(), refusal.reason(), registry);
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
