package dev.dlrepo.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes an error as a servlet's whole answer, for code that runs outside Jersey: one writer for all. */
public final class ErrorResponse {
    private static final String REGISTRY_VERSION = "Docker-Distribution-Api-Version";

    private ErrorResponse() {
    }

    /** Upstream's text answer, {@code <status>: <reason>}. */
    public static void send(HttpServletResponse response, int status, String reason) throws IOException {
        write(response, status, ErrorBody.TEXT, ErrorBody.text(status, reason));
    }

    /** The registry's answer: its JSON with {@code code}, and its version header. */
    public static void sendRegistry(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setHeader(REGISTRY_VERSION, "registry/2.0");
        write(response, status, ErrorBody.REGISTRY_JSON, ErrorBody.registry(code, message));
    }

    /** The answer for a path: the registry's under {@code /v2/}, upstream's text elsewhere. */
    public static void send(HttpServletResponse response, int status, String reason, String path) throws IOException {
        if (ErrorBody.underRegistry(path)) {
            sendRegistry(response, status, ErrorBody.registryCode(status), reason == null ? Reasons.of(status) : reason);
        } else {
            send(response, status, reason);
        }
    }

    private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
