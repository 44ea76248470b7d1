package dev.dlrepo.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Container-principal mode ({@code DLREPO_AUTH_CONTAINER=1}): whoever the container authenticated
 * (any Tomcat realm or Payara security realm, SSO valves, client certificates) is the user, and
 * the container roles that name an ACL file are its groups. The Servlet API cannot list a
 * principal's roles, but it can ask about each: the ACL files say which names are worth asking.
 */
@ApplicationScoped
public class ContainerLogin {
    private Acls acls;

    protected ContainerLogin() {
    }

    @Inject
    public ContainerLogin(Acls acls) {
        this.acls = acls;
    }

    public Optional<Identity> identify(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null || principal.getName() == null || principal.getName().isEmpty()) {
            return Optional.empty();
        }
        var groups = acls.groups().stream()
                .filter(g -> !g.equals(Identity.ANONYMOUS_GROUP) && request.isUserInRole(g))
                .collect(Collectors.toSet());
        return Optional.of(new Identity(principal.getName(), groups, AuthMode.CONTAINER));
    }
}
