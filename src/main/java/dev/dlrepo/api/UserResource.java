package dev.dlrepo.api;

import dev.dlrepo.quota.Quotas;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * {@code /}: the user repositories the caller may read; {@code /~user/}: a user's home, usage
 * against quota and branches (upstream renders both as HTML pages; this is their JSON form).
 */
@Path("/")
@RequestScoped
public class UserResource {
    private Repository repository;
    private Quotas quotas;
    @Context
    private UriInfo uri;
    @Context
    private HttpServletRequest http;

    protected UserResource() {
    }

    @Inject
    public UserResource(Repository repository, Quotas quotas) {
        this.repository = repository;
        this.quotas = quotas;
    }

    @GET
    public Response users() {
        return Views.json(Views.users(Visible.users(http, repository.users())));
    }

    /** 404 until the user's first write; {@code /~User} and {@code /~user} are redirected to {@code /~user/}. */
    @GET
    @Path("{user: ~[^/]+}")
    public Response home(@PathParam("user") String user) {
        Name name = Name.of(user.substring(1));
        Repo repo = Repo.ofUser(name);
        List<dev.dlrepo.storage.BranchSummary> branches = repository.userBranches(name);
        return Canonical.redirect(uri, Space.ROOT, repo.urlPrefix() + "/").orElseGet(() -> Views.json(
                Views.home(name.value(), quotas.used(name), quotas.limit(), Visible.branches(http, repo, branches))));
    }
}
