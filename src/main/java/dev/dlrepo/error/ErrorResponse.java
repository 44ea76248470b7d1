package dev.dlrepo.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes an {@link ErrorBody} as a servlet's whole answer: for code that runs outside Jersey. */
public final class ErrorResponse {
    private ErrorResponse() {
    }

    public static void send(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.US_ASCII); // ErrorBody is ASCII by construction
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
