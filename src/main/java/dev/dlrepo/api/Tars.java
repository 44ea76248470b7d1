package dev.dlrepo.api;

import dev.dlrepo.auth.Access;
import dev.dlrepo.storage.Archive;
import dev.dlrepo.storage.FormatRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** How an archive goes out: {@code application/x-tar}, an attachment, streamed (chunked). */
final class Tars {
    static final String TYPE = "application/x-tar";

    private Tars() {
    }

    static Response stream(Archive archive) {
        StreamingOutput body = out -> archive.writeTo(out);
        return Response.ok(body, TYPE).header("Content-Disposition", disposition(archive.name() + ".tar")).build();
    }

    /** The formats the caller may read, by their canonical URL, as listings decide. */
    static Predicate<FormatRef> readable(HttpServletRequest http) {
        Access access = Access.of(http);
        return format -> access.canRead(format.url());
    }

    /**
     * Upstream's {@code attachment; filename=<name>}. A name that cannot travel bare in a header
     * (space, quote, semicolon, non-ASCII: metadata values are free text) gets a quoted ASCII
     * fallback and its exact UTF-8 spelling in {@code filename*} (RFC 6266).
     */
    static String disposition(String file) {
        if (file.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != ';' && c != '\\' && c != ',')) {
            return "attachment; filename=" + file;
        }
        StringBuilder fallback = new StringBuilder();
        file.codePoints().forEach(c -> fallback.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        StringBuilder encoded = new StringBuilder();
        for (byte b : file.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
    }
}
