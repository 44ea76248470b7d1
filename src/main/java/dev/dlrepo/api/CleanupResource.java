package dev.dlrepo.api;

import dev.dlrepo.cleanup.Cleanup;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code /admin/cleanup}: GET = dry run of a full cleanup; POST runs one now (after any run in
 * progress) with {@code ?orphans_only=true} for the sweep alone, {@code ?dry_run=true} to only
 * report. Both answer the report (docs/operations.md).
 */
@Path("/admin/cleanup")
@RequestScoped
public class CleanupResource {
    private Cleanup cleanup;

    protected CleanupResource() {
    }

    @Inject
    public CleanupResource(Cleanup cleanup) {
        this.cleanup = cleanup;
    }

    @GET
    public Response report() {
        return Views.json(cleanup.dryRun(false).toMap());
    }

    @POST
    public Response run(@QueryParam("orphans_only") String orphansOnly, @QueryParam("dry_run") String dryRun) {
        boolean orphans = yes(orphansOnly);
        return Views.json((yes(dryRun) ? cleanup.dryRun(orphans) : cleanup.run(orphans)).toMap());
    }

    private static boolean yes(String flag) {
        return "true".equals(flag) || "1".equals(flag);
    }
}
