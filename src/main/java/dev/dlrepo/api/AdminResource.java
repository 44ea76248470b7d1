package dev.dlrepo.api;

import dev.dlrepo.cleanup.Scrub;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** {@code /admin/scrub}: GET reports, POST {@code ?repair=true} also repairs (docs/operations.md). */
@Path("/admin/scrub")
@RequestScoped
public class AdminResource {
    private Scrub scrub;

    protected AdminResource() {
    }

    @Inject
    public AdminResource(Scrub scrub) {
        this.scrub = scrub;
    }

    @GET
    public Response report() {
        return Views.json(scrub.run(false).toMap());
    }

    @POST
    public Response repair(@QueryParam("repair") String repair) {
        return Views.json(scrub.run("true".equals(repair) || "1".equals(repair)).toMap());
    }
}
