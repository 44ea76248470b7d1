package dev.dlrepo.auth;

import dev.dlrepo.config.Banner;
import dev.dlrepo.config.Settings;
import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.TooManyRequests;
import dev.dlrepo.request.Route;
import dev.dlrepo.request.Target;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who is it? Attaches an {@link Identity} to the request, in upstream's order: disabled, static
 * files, trusted headers, HTTP Basic (LDAP or auth file, or a personal token); or, in
 * container-principal mode, whoever the container authenticated. Bad credentials: 401 here; too
 * many of them from one address or for one login: 429 with {@code Retry-After}, nothing checked.
 * Whether the identity may do what it asks is the authorization filter's business.
 */
public class AuthenticationFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AuthenticationFilter.class.getName());
    // the container instantiates filters: field injection is what it supports everywhere
    @Inject
    private transient Settings settings;
    @Inject
    private transient Authenticator authenticator;
    @Inject
    private transient ContainerLogin containerLogin;
    private boolean disabled;
    private boolean container;
    private String realm;

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        disabled = settings.authDisabled();
        container = settings.authContainer();
        realm = settings.authRealm();
        if (disabled) {
            Banner.log(config.getServletContext(), settings, "*** DISABLED (DLREPO_AUTH_DISABLED=1): anyone who can reach"
                    + " this server can read, upload and delete everything in " + settings.rootDir() + " ***", true);
        } else if (container) {
            Banner.log(config.getServletContext(), settings, "the container's principal and roles (DLREPO_AUTH_CONTAINER=1)", false);
        } else if (authenticator.headerMode()) {
            Banner.log(config.getServletContext(), settings, "trusted headers " + settings.get(Settings.AUTH_HTTP_LOGIN_HEADER).orElseThrow()
                    + " / " + settings.get(Settings.AUTH_HTTP_GROUPS_HEADER).orElseThrow()
                    + ": only a reverse proxy that sets them on every request may reach this server", true);
        } else if (settings.get(Settings.LDAP_URL).isPresent()) {
            Banner.log(config.getServletContext(), settings, "HTTP Basic against LDAP " + settings.get(Settings.LDAP_URL).orElseThrow(), false);
        } else {
            Banner.log(config.getServletContext(), settings, "HTTP Basic against the auth file " + settings.authFile()
                    + ", ACLs in " + settings.aclsDir(), false);
        }
        if (!disabled && settings.ignorePasswords()) {
            LOG.warning("*** PASSWORDS ARE IGNORED (DLREPO_IGNORE_PASSWORDS=1): a login is enough ***");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (disabled) {
            request.setAttribute(Identity.ATTRIBUTE, Identity.NOBODY_CHECKS);
            request.setAttribute(Access.ATTRIBUTE, Access.everything());
            chain.doFilter(request, response);
            return;
        }
        String method = request.getMethod();
        Route route = Target.of(request).container().route();
        boolean registry = route == Route.REGISTRY;
        if ((method.equals("GET") || method.equals("HEAD")) && route == Route.STATIC) {
            chain.doFilter(request, response); // upstream: static files skip authentication
            return;
        }
        Optional<Identity> identity;
        if (container) {
            try {
                identity = authenticator.token(request);
            } catch (TooManyRequests e) {
                Refusals.throttled(response, e, registry);
                return;
            }
            identity = identity.or(() -> containerLogin.identify(request));
            if (identity.isEmpty() && request.getHeader("Authorization") != null) {
                // credentials the container must check (Basic for its realm, Negotiate...)
                if (!request.authenticate(response)) {
                    return; // the container answered (its challenge)
                }
                identity = containerLogin.identify(request);
            }
            if (identity.isEmpty()) {
                identity = Optional.of(Identity.ANONYMOUS);
            }
        } else {
            try {
                identity = authenticator.authenticate(request);
            } catch (TooManyRequests e) {
                Refusals.throttled(response, e, registry);
                return;
            } catch (DlrepoException e) {
                // the directory could not answer: say so (not cached), rather than "wrong password"
                LOG.log(Level.FINE, "authentication failed", e);
                Refusals.failed(response, e.status(), e.reason(), registry);
                return;
            }
        }
        if (identity.isEmpty()) {
            Refusals.unauthorized(response, realm, registry);
            return;
        }
        Identity who = identity.get();
        request.setAttribute(Identity.ATTRIBUTE, who);
        chain.doFilter(who.anonymous() || who.mode() == AuthMode.CONTAINER ? request : new Authenticated(request, who),
                response);
    }

    /** The identity as the Servlet API shows it: Jersey's SecurityContext and the access log use it. */
    private static final class Authenticated extends HttpServletRequestWrapper {
        private final Identity who;

        Authenticated(HttpServletRequest request, Identity who) {
            super(request);
            this.who = who;
        }

        @Override
        public Principal getUserPrincipal() {
            return who::login;
        }

        @Override
        public String getRemoteUser() {
            return who.login();
        }

        @Override
        public boolean isUserInRole(String role) {
            return who.groups().contains(role);
        }

        @Override
        public String getAuthType() {
            return BASIC_AUTH;
        }
    }
}
