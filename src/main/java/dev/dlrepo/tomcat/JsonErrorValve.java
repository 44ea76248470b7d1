package dev.dlrepo.tomcat;

import dev.dlrepo.error.Reasons;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * The Host's error report for what the connector refuses before any application runs (a header
 * too large, a {@code \} in the path, no such context): the API's {@code {"error": "<reason>"}}
 * and nothing else. Tomcat's own JsonErrorReportValve writes its report, with the exception's
 * stack trace when there is one. Lives in {@code $CATALINA_BASE/lib} (dlrepo-ee-tomcat.jar):
 * the Host loads its valves there, not from a web application.
 */
public class JsonErrorValve extends ErrorReportValve {
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
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Reasons.body(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away while we answered: nothing more to do
        }
    }
}
