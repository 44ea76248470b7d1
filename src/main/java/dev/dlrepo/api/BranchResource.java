package dev.dlrepo.api;

import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /branches/} and {@code /branches/{branch}/}. */
@Path("/branches")
@RequestScoped
public class BranchResource {
    private Repository repository;
    @Context
    private UriInfo uri;

    protected BranchResource() {
    }

    @Inject
    public BranchResource(Repository repository) {
        this.repository = repository;
    }

    @GET
    public Response list() {
        return Canonical.redirect(uri, "/branches/")
                .orElseGet(() -> Views.json(Views.branches(repository.branches(Repo.ROOT))));
    }

    @GET
    @Path("{branch}")
    public Response get(@PathParam("branch") String branch, @QueryParam("released") String released) {
        BranchRef ref = BranchRef.of(Repo.ROOT, branch);
        boolean releasedOnly = released != null && !released.isEmpty();
        return Canonical.redirect(uri, ref.url())
                .orElseGet(() -> Views.json(Views.branch(repository.branch(ref, releasedOnly))));
    }

    @DELETE
    @Path("{branch}")
    public Response delete(@PathParam("branch") String branch) {
        BranchRef ref = BranchRef.of(Repo.ROOT, branch);
        return Canonical.redirect(uri, ref.url()).orElseGet(() -> {
            repository.deleteBranch(ref);
            return Response.ok().build();
        });
    }
}
