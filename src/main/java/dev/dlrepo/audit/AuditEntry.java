package dev.dlrepo.audit;

import dev.dlrepo.storage.PyJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the audit log. Every string is JSON-escaped and everything outside printable ASCII
 * becomes {@code \\uXXXX}, so whatever a client puts in a path or header, the line stays one line
 * and cannot end early or forge another.
 *
 * @param digest the stored digest, else the {@code Digest} header; null when neither
 * @param size the stored size, else the {@code Content-Length} header; null when neither
 */
public record AuditEntry(Instant time, String user, String mode, String method, String path, String query,
        String digest, Long size, int status, String client) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public byte[] line() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", TIME.format(time));
        m.put("user", user);
        m.put("mode", mode);
        m.put("method", method);
        m.put("path", path);
        m.put("query", query);
        m.put("digest", digest);
        m.put("size", size);
        m.put("status", status);
        m.put("client", client);
        return (PyJson.encode(m) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The container log's line for a write: {@code user method path digest size status}, "-" for what is missing. */
    public String writeLine() {
        return String.join(" ", field(user), field(method), field(path), field(digest), size == null ? "-" : size.toString(),
                Integer.toString(status));
    }

    /** One field, one line: a client cannot forge log lines or fields with spaces or line breaks. */
    private static String field(String s) {
        if (s == null || s.isBlank()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(c <= 0x20 || c == 0x7f ? '_' : c));
        return out.toString();
    }
}
