package dev.dlrepo.api;

import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.FormatRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;

/**
 * {@code /branches/{branch}/{tag}/{job}/{format}/{path}}: the format as a {@link FormatRef} and
 * the file in it as an {@link ArtifactPath}, each validated when asked (the format first: a bad
 * name is 404 before a bad path is 400, as upstream routes).
 */
final class FileParams {
    @PathParam("branch")
    private String branch;
    @PathParam("tag")
    private String tag;
    @PathParam("job")
    private String job;
    @PathParam("format")
    private String format;
    @PathParam("path")
    private String path;
    @Context
    private HttpServletRequest http;

    FormatRef format() {
        return FormatRef.of(Space.of(http).repo(), branch, tag, job, format);
    }

    /** The file to store: any valid path (a trailing slash is refused by {@link ArtifactPath}, 400). */
    ArtifactPath path() {
        return new ArtifactPath(path);
    }

    /** The file to read: {@code sub/dir/} names a directory inside the format, not a file (404). */
    ArtifactPath readPath() {
        return readPath(path);
    }

    static ArtifactPath readPath(String path) {
        if (path.endsWith("/")) {
            throw new NotFound();
        }
        return new ArtifactPath(path);
    }
}
