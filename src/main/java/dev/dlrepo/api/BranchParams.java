package dev.dlrepo.api;

import dev.dlrepo.storage.BranchRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;

/**
 * {@code /branches/{branch}} of the request's repository ({@link Space}) as a {@link BranchRef}.
 * Jersey fills the fields; the name is validated when the resource asks for the ref (so that a
 * bad name is our 404, not a parameter error of Jersey's).
 */
final class BranchParams {
    @PathParam("branch")
    private String branch;
    @Context
    private HttpServletRequest http;

    Space space() {
        return Space.of(http);
    }

    BranchRef ref() {
        return BranchRef.of(space().repo(), branch);
    }
}
