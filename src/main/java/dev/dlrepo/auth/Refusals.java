package dev.dlrepo.auth;

import dev.dlrepo.error.ErrorResponse;
import dev.dlrepo.error.TooManyRequests;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The answers the filters give themselves, as upstream's text (the registry's JSON under /v2/). */
final class Refusals {
    private Refusals() {
    }

    /** 401 with upstream's challenge: for unknown credentials and for forbidden alike (never 403). */
    static void unauthorized(HttpServletResponse response, String realm, boolean registry) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"utf-8\"");
        if (registry) {
            ErrorResponse.sendRegistry(response, 401, "UNAUTHORIZED", "Authentication is required.");
        } else {
            ErrorResponse.send(response, 401, "Unauthorized");
        }
    }

    static void badRequest(HttpServletResponse response, String reason) throws IOException {
        ErrorResponse.send(response, 400, reason);
    }

    /**
     * A check that could not be made (the directory is down, say): its status and reason, so a
     * client retries later instead of taking it for a wrong password. No challenge.
     */
    static void failed(HttpServletResponse response, int status, String reason, boolean registry) throws IOException {
        if (registry) {
            // the distribution spec's codes: UNAVAILABLE for 503, TOOMANYREQUESTS for 429, UNKNOWN else
            String code = status == 503 ? "UNAVAILABLE" : status == 429 ? "TOOMANYREQUESTS" : "UNKNOWN";
            ErrorResponse.sendRegistry(response, status, code, reason);
        } else {
            ErrorResponse.send(response, status, reason);
        }
    }

    /** 429 with {@code Retry-After}: the throttle refused to check the credentials. No challenge. */
    static void throttled(HttpServletResponse response, TooManyRequests refusal, boolean registry) throws IOException {
        response.setHeader("Retry-After", Long.toString(refusal.retryAfter()));
        failed(response, refusal.status(), refusal.reason(), registry);
    }
}
