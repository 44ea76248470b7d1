package dev.dlrepo.api;

import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.JobRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;

/** {@code /branches/{branch}/{tag}/{job}} of the request's repository as a {@link JobRef}, validated when asked. */
final class JobParams {
    @PathParam("branch")
    private String branch;
    @PathParam("tag")
    private String tag;
    @PathParam("job")
    private String job;
    @Context
    private HttpServletRequest http;

    Space space() {
        return Space.of(http);
    }

    JobRef ref() {
        return BranchRef.of(space().repo(), branch).tag(tag).job(job);
    }
}
