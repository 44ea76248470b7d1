package dev.dlrepo.tomcat;

import dev.dlrepo.error.ErrorBody;
import dev.dlrepo.error.Reasons;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * The Host's error report valve, and so in the way of every request: it gives the application a
 * response that spells media types as upstream does ({@link UpstreamSpelling}), and answers what
 * the connector refuses before any application runs (a header too large, a {@code \} in the
 * path, no such context) as upstream answers an error, {@code <status>: <reason>} in
 * {@code text/plain; charset=utf-8} (under {@code /v2/}: the registry's JSON), and nothing else.
 * Tomcat's own report valves write their report, with the exception's stack trace when there is
 * one. Lives in {@code $CATALINA_BASE/lib} (dlrepo-ee-tomcat.jar): the Host loads its valves
 * there, not from a web application.
 */
public class ErrorValve extends ErrorReportValve {
    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (!(response.getResponse() instanceof UpstreamSpelling)) { // an async dispatch comes back here
            response.setResponse(new UpstreamSpelling(response.getResponse(), response.getCoyoteResponse()));
        }
        super.invoke(request, response);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // Tomcat's own guards: not an error, a body already written, reported once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is gone: nobody would read it
        }
        boolean registry = ErrorBody.underRegistry(pathOf(request));
        try {
            if (registry) {
                response.setHeader("Docker-Distribution-Api-Version", "registry/2.0");
            }
            response.setContentType(registry ? ErrorBody.REGISTRY_JSON : ErrorBody.TEXT);
            Writer writer = response.getReporter(); // its encoder is chosen now, from the charset
            if (writer != null) {
                UpstreamSpelling.spell(response.getCoyoteResponse());
                writer.write(registry ? ErrorBody.registry(status, null) : Reasons.text(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away while we answered: nothing more to do
        }
    }

    /** The request's path inside its application, as sent; the whole path when no application took it. */
    private static String pathOf(Request request) {
        try {
            String uri = request.getRequestURI();
            String context = request.getContextPath();
            return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        } catch (RuntimeException e) {
            return ""; // a request the connector could not even parse
        }
    }
}
