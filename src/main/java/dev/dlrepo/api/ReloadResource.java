package dev.dlrepo.api;

import dev.dlrepo.auth.Acls;
import dev.dlrepo.auth.Authenticator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /admin/reload}: what upstream does on SIGHUP (read the auth file and the ACL files
 * again, empty the caches). Changed files are also picked up by themselves within a second.
 */
@Path("/admin/reload")
@RequestScoped
public class ReloadResource {
    private Acls acls;
    private Authenticator authenticator;

    protected ReloadResource() {
    }

    @Inject
    public ReloadResource(Acls acls, Authenticator authenticator) {
        this.acls = acls;
        this.authenticator = authenticator;
    }

    @POST
    public Response reload() {
        authenticator.reload();
        acls.reload();
        return Views.json(Views.aclGroups(acls.groups()));
    }
}
