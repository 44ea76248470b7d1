package dev.dlrepo.auth;

import dev.dlrepo.config.Settings;
import dev.dlrepo.request.Address;
import dev.dlrepo.request.Route;
import dev.dlrepo.request.Target;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;

/**
 * May this identity do this method on this path? Decided by the ACL files on the decoded,
 * normalised path (every spelling of it, see {@link Target}) before any resource runs.
 * Anonymous writes are always refused; refusals are 401 with the challenge, never 403.
 */
public class AuthorizationFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    @Inject
    private transient Settings settings;
    @Inject
    private transient Acls acls;
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
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Target target = Target.of(request);
        if (target.refused()) {
            Refusals.badRequest(response, "Invalid path");
            return;
        }
        if (disabled) {
            chain.doFilter(request, response);
            return;
        }
        Identity who = Identity.of(request);
        Decision decision = decide(who, request.getMethod(), target);
        if (decision == Decision.DENY && container && who.anonymous()) {
            // let the container challenge in its own way (Basic for its realm, Negotiate, an SSO redirect)
            if (!request.authenticate(response)) {
                return;
            }
            who = containerLogin.identify(request).orElse(Identity.ANONYMOUS);
            request.setAttribute(Identity.ATTRIBUTE, who);
            decision = decide(who, request.getMethod(), target);
        }
        if (decision == Decision.DENY) {
            Refusals.unauthorized(response, realm, target.container().route() == Route.REGISTRY);
            return;
        }
        request.setAttribute(Access.ATTRIBUTE, new Access(who, acls));
        chain.doFilter(request, response);
    }

    private enum Decision { ALLOW, DENY }

    /** Routes as the container dispatched the path; the ACLs on every spelling. */
    private Decision decide(Identity who, String method, Target target) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        Address at = target.container();
        Route route = at.route();
        if (read && route == Route.STATIC) {
            return Decision.ALLOW;
        }
        if (route == Route.TOKENS) {
            // one's own tokens: any authenticated user, whatever the ACLs
            return who.anonymous() ? Decision.DENY : Decision.ALLOW;
        }
        EnumSet<Right> needed = Right.neededFor(method, target.api().orElseThrow().path());
        if (route == Route.ADMIN) {
            needed = EnumSet.allOf(Right.class); // scrub, reload: for whoever may write there
        }
        if (who.anonymous() && (!needed.isEmpty() || at.registryRoot())) {
            return Decision.DENY; // anonymous writes never; the registry needs the challenge
        }
        for (String spelling : target.spellings()) {
            if (!acls.allows(who, needed, spelling)) {
                return Decision.DENY;
            }
        }
        return Decision.ALLOW;
    }
}
