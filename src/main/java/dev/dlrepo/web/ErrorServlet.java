package dev.dlrepo.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The container's own errors (a request refused before our code ran, 413, an exception that
 * escaped) in the API's JSON shape instead of the container's HTML page, with no stack trace.
 */
public class ErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        String body = dev.dlrepo.tomcat.Reasons.body(status);
        response.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
    }
}
