package dev.dlrepo.auth;

import dev.dlrepo.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Who is it? With {@code DLREPO_AUTH_DISABLED=1} everyone may do everything (and the log says so
 * loudly at start-up). Otherwise every request must authenticate; until an authentication mode is
 * configured none can, so the server refuses everything rather than serve anyone.
 */
public class AuthenticationFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AuthenticationFilter.class.getName());
    // the container instantiates filters: field injection is what it supports everywhere
    @Inject
    private transient Settings settings;
    private boolean disabled;
    private String realm;

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        disabled = settings.authDisabled();
        realm = settings.get("DLREPO_AUTH_REALM").orElse("dlrepo");
        if (disabled) {
            LOG.warning("*** AUTHENTICATION IS DISABLED (DLREPO_AUTH_DISABLED=1): anyone who can reach this server"
                    + " can read, upload and delete everything in " + settings.rootDir() + " ***");
        } else {
            LOG.warning("no authentication mode is configured: every request is refused with 401;"
                    + " set DLREPO_AUTH_DISABLED=1 to serve without authentication");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (disabled) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"utf-8\"");
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write("{\"error\": \"Unauthorized\"}".getBytes(StandardCharsets.US_ASCII));
    }
}
