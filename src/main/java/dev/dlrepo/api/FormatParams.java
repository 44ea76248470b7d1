package dev.dlrepo.api;

import dev.dlrepo.storage.FormatRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;

/**
 * {@code /branches/{branch}/{tag}/{job}/{format}} of the request's repository as a
 * {@link FormatRef}, validated when asked.
 */
final class FormatParams {
    @PathParam("branch")
    private String branch;
    @PathParam("tag")
    private String tag;
    @PathParam("job")
    private String job;
    @PathParam("format")
    private String format;
    @Context
    private HttpServletRequest http;

    Space space() {
        return Space.of(http);
    }

    FormatRef ref() {
        return FormatRef.of(space().repo(), branch, tag, job, format);
    }
}
