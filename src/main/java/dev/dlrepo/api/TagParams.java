package dev.dlrepo.api;

import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.TagRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;

/** {@code /branches/{branch}/{tag}} of the request's repository as a {@link TagRef}, validated when asked. */
final class TagParams {
    @PathParam("branch")
    private String branch;
    @PathParam("tag")
    private String tag;
    @Context
    private HttpServletRequest http;

    Space space() {
        return Space.of(http);
    }

    TagRef ref() {
        return BranchRef.of(space().repo(), branch).tag(tag);
    }
}
