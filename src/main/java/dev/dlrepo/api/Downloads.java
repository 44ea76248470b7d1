package dev.dlrepo.api;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Date;
import java.util.Optional;

/**
 * File downloads with the semantics of the container's own file serving: validators
 * ({@code ETag} = the digest, {@code Last-Modified}), conditional requests, a single
 * {@code Range} (206/416) with {@code If-Range}, {@code HEAD}. The bytes go out through Tomcat's
 * sendfile (zero copy) when the connector offers it, else streamed (Payara, small files).
 */
@ApplicationScoped
public class Downloads {
    static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";
    /** Below this size a plain write is cheaper than setting up sendfile (Tomcat's own threshold). */
    static final long SENDFILE_MIN = 48 * 1024;
    private static final int BUFFER = 256 * 1024;

    private ServletContext context;
    private Optional<String> xSendfileHeader;

    protected Downloads() {
    }

    @Inject
    public Downloads(Settings settings, ServletContext context) {
        this.context = context;
        this.xSendfileHeader = settings.xSendfileHeader();
    }

    public Response serve(StoredFile file, Request request, HttpServletRequest http, boolean head) {
        EntityTag etag = file.digest().map(d -> new EntityTag(d.toString()))
                .orElseGet(() -> new EntityTag(Long.toHexString(file.lastModifiedMillis()) + "-" + Long.toHexString(file.size())));
        Date lastModified = new Date(file.lastModifiedMillis() / 1000 * 1000);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(lastModified, etag);
        if (notModified != null) {
            return notModified.tag(etag).lastModified(lastModified).build();
        }
        String name = file.path().getFileName().toString();
        String type = Optional.ofNullable(context.getMimeType(name)).orElse("application/octet-stream");
        Response.ResponseBuilder out = Response.ok().tag(etag).lastModified(lastModified)
                .header("Accept-Ranges", "bytes").type(type);
        file.digest().ifPresent(d -> out.header("Digest", d.toString()));
        if (xSendfileHeader.isPresent() && !head) {
            // the reverse proxy sends the file: no body from us
            return out.header(xSendfileHeader.get(), file.path().toAbsolutePath().toString()).build();
        }
        long size = file.size();
        ByteRange range = ByteRange.of(ifRangeHolds(http, etag, lastModified) ? http.getHeader("Range") : null, size);
        if (range instanceof ByteRange.Unsatisfiable) {
            return ErrorMapper.error(416, "Requested Range Not Satisfiable").header("Content-Range", "bytes */" + size).build();
        }
        long start = 0;
        long length = size;
        if (range instanceof ByteRange.Part part) {
            out.status(206).header("Content-Range", "bytes " + part.start() + "-" + part.end() + "/" + size);
            start = part.start();
            length = part.length();
        }
        out.header(HttpHeaders.CONTENT_LENGTH, length);
        if (head || length == 0) {
            return out.build();
        }
        if (length >= SENDFILE_MIN && Boolean.TRUE.equals(http.getAttribute(SENDFILE_SUPPORT))) {
            http.setAttribute(SENDFILE_FILENAME, file.path().toAbsolutePath().toString());
            http.setAttribute(SENDFILE_START, start);
            http.setAttribute(SENDFILE_END, start + length);
            return out.build();
        }
        return out.entity(stream(file, start, length)).build();
    }

    /** {@code If-Range}: the range applies only if the validator still matches the file. */
    private static boolean ifRangeHolds(HttpServletRequest http, EntityTag etag, Date lastModified) {
        String ifRange = http.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return ifRange.equals("\"" + etag.getValue() + "\"");
        }
        try {
            return http.getDateHeader("If-Range") == lastModified.getTime();
        } catch (IllegalArgumentException e) {
            return false; // neither an entity tag nor a date: send the whole file
        }
    }

    private static StreamingOutput stream(StoredFile file, long start, long length) {
        return (OutputStream os) -> {
            try (FileChannel in = FileChannel.open(file.path(), StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, length));
                long position = start;
                long remaining = length;
                while (remaining > 0) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                    int n = in.read(buffer, position);
                    if (n < 0) {
                        break; // the file shrank: it cannot, blobs are immutable, but never loop
                    }
                    os.write(buffer.array(), 0, n);
                    position += n;
                    remaining -= n;
                }
            }
        };
    }
}
