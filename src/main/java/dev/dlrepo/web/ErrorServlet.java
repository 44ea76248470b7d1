package dev.dlrepo.web;

import dev.dlrepo.error.ErrorResponse;
import dev.dlrepo.error.Reasons;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's own errors (a request refused before our code ran, 413, an exception that
 * escaped) as upstream answers an error, {@code <status>: <reason>} in text (the registry's JSON
 * under {@code /v2/}), instead of the container's HTML page, with no stack trace.
 */
public class ErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        ErrorResponse.send(response, status, Reasons.of(status), pathOf(request));
    }

    /** The failed request's path inside the application. */
    private static String pathOf(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String s ? s : request.getRequestURI();
        String context = request.getContextPath();
        return path.startsWith(context) ? path.substring(context.length()) : path;
    }
}
