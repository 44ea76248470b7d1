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
import java.util.OptionalLong;

/**
 * File downloads with the semantics of the container's own file serving: validators
 * ({@code ETag} = the digest, {@code Last-Modified}), conditional requests, a single
 * {@code Range} (206/416) with {@code If-Range}, {@code HEAD}. The bytes go out through Tomcat's
 * sendfile (zero copy) when the connector offers it, else streamed (Payara, small files). What
 * goes out is decided by {@link Delivery}; this class is its adapter to JAX-RS and the servlet.
 */
@ApplicationScoped
public class Downloads {
    static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";
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

    /** The preconditions first (304/412, by Jersey), then what {@link Delivery} decides. */
    public Response serve(StoredFile file, Request request, HttpServletRequest http, boolean head) {
        EntityTag etag = new EntityTag(Delivery.etag(file));
        Date lastModified = new Date(Delivery.lastModified(file));
        Response.ResponseBuilder notModified = request.evaluatePreconditions(lastModified, etag);
        if (notModified != null) {
            return notModified.tag(etag).lastModified(lastModified).build();
        }
        Delivery.Ask ask = new Delivery.Ask(http.getHeader("Range"), http.getHeader("If-Range"), ifRangeDate(http), head);
        Delivery d = Delivery.of(file, context.getMimeType(file.path().getFileName().toString()), ask, xSendfileHeader,
                Boolean.TRUE.equals(http.getAttribute(SENDFILE_SUPPORT)));
        if (d.status() == 416) {
            return ErrorMapper.error(416, "Requested Range Not Satisfiable").header("Content-Range", d.contentRange().orElseThrow()).build();
        }
        Response.ResponseBuilder out = Response.status(d.status()).tag(etag).lastModified(lastModified)
                .header("Accept-Ranges", "bytes").type(d.type());
        d.digest().ifPresent(digest -> out.header("Digest", digest));
        d.contentRange().ifPresent(range -> out.header("Content-Range", range));
        d.contentLength().ifPresent(length -> out.header(HttpHeaders.CONTENT_LENGTH, length));
        if (d.body() instanceof Delivery.Body.Proxy proxy) {
            out.header(proxy.header(), proxy.file().toString());
        } else if (d.body() instanceof Delivery.Body.Sendfile send) {
            http.setAttribute(SENDFILE_FILENAME, send.file().toString());
            http.setAttribute(SENDFILE_START, send.start());
            http.setAttribute(SENDFILE_END, send.end());
        } else if (d.body() instanceof Delivery.Body.Stream stream) {
            out.entity(stream(stream));
        }
        return out.build();
    }

    /** {@code If-Range} as a date, parsed by the container as every date header is; empty when it is not one. */
    private static OptionalLong ifRangeDate(HttpServletRequest http) {
        if (http.getHeader("If-Range") == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(http.getDateHeader("If-Range"));
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    private static StreamingOutput stream(Delivery.Body.Stream part) {
        return (OutputStream os) -> {
            try (FileChannel in = FileChannel.open(part.file(), StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, part.length()));
                long position = part.start();
                long remaining = part.length();
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
