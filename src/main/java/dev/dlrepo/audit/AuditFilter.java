package dev.dlrepo.audit;

import dev.dlrepo.auth.BasicCredentials;
import dev.dlrepo.auth.Identity;
import dev.dlrepo.request.Address;
import dev.dlrepo.request.Target;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Records every write (any method but GET, HEAD, OPTIONS) and every refusal (401, 403, 429) in the
 * {@link AuditLog}, and each write also as one INFO line of the container's log (logger
 * {@code dev.dlrepo.writes}: {@code user method path digest size status}). Mapped before every
 * other filter, so it also sees the 401s of the authentication filter, and records once the
 * answer is known. One place for both: a response filter of Jersey's for the log line cost an
 * injected proxy and a filter stage on every request.
 */
public class AuditFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger WRITES = Logger.getLogger("dev.dlrepo.writes");
    // the container instantiates filters: field injection is what it supports everywhere
    @Inject
    private transient AuditLog log;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Completion(request, response));
            } else {
                // an exception that escaped becomes the container's 500
                record(request, response, failed ? 500 : response.getStatus());
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, int status) {
        String method = request.getMethod();
        boolean write = !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
        if (!write && status != 401 && status != 403 && status != 429) {
            return;
        }
        String user;
        String mode;
        if (request.getAttribute(Identity.ATTRIBUTE) instanceof Identity who) {
            user = who.login();
            mode = who.mode().label();
        } else {
            // refused before anyone was recognised: the login the credentials claimed, if any
            user = BasicCredentials.parse(request.getHeader("Authorization")).map(BasicCredentials::login).orElse("");
            // 429: the throttle refused to check them at all
            mode = user.isEmpty() ? Identity.ANONYMOUS.mode().label() : status == 429 ? "throttled" : "refused";
        }
        String digest;
        Long size;
        Optional<Written> written = Written.on(request);
        if (written.isPresent()) {
            digest = written.get().stored().digest().toString();
            size = written.get().stored().size();
        } else {
            digest = request.getHeader("Digest");
            size = request.getContentLengthLong() >= 0 ? request.getContentLengthLong() : null;
        }
        String path = Target.of(request).api().map(Address::path).orElse(request.getRequestURI());
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        AuditEntry entry = new AuditEntry(Instant.now(), user, mode, method, path, query, digest, size, status,
                request.getRemoteAddr());
        if (write) {
            WRITES.info(entry.writeLine());
        }
        log.record(entry); // nothing when the audit log is off
    }

    /** An asynchronous request is recorded when it completes, with its final status. */
    private final class Completion implements AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private boolean done;

        Completion(HttpServletRequest request, HttpServletResponse response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            once(response.getStatus());
        }

        @Override
        public void onError(AsyncEvent event) {
            once(500);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }

        private synchronized void once(int status) {
            if (!done) {
                done = true;
                record(request, response, status);
            }
        }
    }
}
