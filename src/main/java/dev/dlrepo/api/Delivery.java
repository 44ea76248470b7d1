package dev.dlrepo.api;

import dev.dlrepo.storage.StoredFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a download answers once its preconditions hold, decided before a byte moves, from the file,
 * what the request asks ({@link Ask}) and what the server can do (a reverse proxy that sends files
 * itself, Tomcat's sendfile). {@link Downloads} only turns it into a response.
 *
 * @param status        200, 206, or 416 (then only {@code contentRange} applies)
 * @param contentLength absent when the reverse proxy sends the file, and on a 416
 */
record Delivery(int status, String etag, long lastModifiedMillis, String type, Optional<String> digest,
        Optional<String> contentRange, OptionalLong contentLength, Body body) {
    /** Below this size a plain write is cheaper than setting up sendfile (Tomcat's own threshold). */
    static final long SENDFILE_MIN = 48 * 1024;

    /** Where the bytes come from, if they come from us. */
    sealed interface Body {
        /** Headers only: HEAD, an empty file or part, a 416. */
        record None() implements Body {
        }

        /** The reverse proxy sends the file that {@code header} names ({@code DLREPO_X_SENDFILE_HEADER}). */
        record Proxy(String header, Path file) implements Body {
        }

        /** Tomcat writes bytes {@code start} (included) to {@code end} (excluded) of the file itself. */
        record Sendfile(Path file, long start, long end) implements Body {
        }

        /** We write {@code length} bytes from {@code start}. */
        record Stream(Path file, long start, long length) implements Body {
        }
    }

    /**
     * What the request asks: {@code Range} and {@code If-Range} as sent, the latter also as a date
     * when the container could parse it as one, and whether it is a HEAD.
     */
    record Ask(String range, String ifRange, OptionalLong ifRangeDate, boolean head) {
        static final Ask WHOLE = new Ask(null, null, OptionalLong.empty(), false);
    }

    /** The strong validator: the digest, or for a file without one its mtime and size. */
    static String etag(StoredFile file) {
        return file.digest().map(Object::toString)
                .orElseGet(() -> Long.toHexString(file.lastModifiedMillis()) + "-" + Long.toHexString(file.size()));
    }

    /** {@code Last-Modified} has whole seconds: the comparisons with it too. */
    static long lastModified(StoredFile file) {
        return file.lastModifiedMillis() / 1000 * 1000;
    }

    /**
     * @param type          the file's media type (the container's map of extensions), or null
     * @param proxyHeader   {@code DLREPO_X_SENDFILE_HEADER}
     * @param sendfile      the connector offers sendfile for this request
     */
    static Delivery of(StoredFile file, String type, Ask ask, Optional<String> proxyHeader, boolean sendfile) {
        String etag = etag(file);
        long lastModified = lastModified(file);
        String mediaType = type == null ? "application/octet-stream" : type;
        Optional<String> digest = file.digest().map(Object::toString);
        if (proxyHeader.isPresent() && !ask.head()) {
            // the reverse proxy sends the file, ranges and all: no body from us
            return new Delivery(200, etag, lastModified, mediaType, digest, Optional.empty(), OptionalLong.empty(),
                    new Body.Proxy(proxyHeader.get(), file.path().toAbsolutePath()));
        }
        long size = file.size();
        ByteRange range = ByteRange.of(ifRangeHolds(ask, etag, lastModified) ? ask.range() : null, size);
        if (range instanceof ByteRange.Unsatisfiable) {
            return new Delivery(416, etag, lastModified, mediaType, digest, Optional.of("bytes */" + size),
                    OptionalLong.empty(), new Body.None());
        }
        int status = 200;
        long start = 0;
        long length = size;
        Optional<String> contentRange = Optional.empty();
        if (range instanceof ByteRange.Part part) {
            status = 206;
            contentRange = Optional.of("bytes " + part.start() + "-" + part.end() + "/" + size);
            start = part.start();
            length = part.length();
        }
        Body body;
        if (ask.head() || length == 0) {
            body = new Body.None();
        } else if (length >= SENDFILE_MIN && sendfile) {
            body = new Body.Sendfile(file.path().toAbsolutePath(), start, start + length);
        } else {
            body = new Body.Stream(file.path(), start, length);
        }
        return new Delivery(status, etag, lastModified, mediaType, digest, contentRange, OptionalLong.of(length), body);
    }

    /** {@code If-Range}: the range applies only if the validator still matches the file. */
    private static boolean ifRangeHolds(Ask ask, String etag, long lastModified) {
        String ifRange = ask.ifRange();
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return ifRange.equals("\"" + etag + "\"");
        }
        // neither an entity tag nor a date: the whole file
        return ask.ifRangeDate().isPresent() && ask.ifRangeDate().getAsLong() == lastModified;
    }
}
