package dev.dlrepo.error;

/**
 * The bytes of every error answer, as upstream's aiohttp writes them: the text
 * {@code <status>: <reason>} with no final newline, in {@link #TEXT}; a detail (a post-process
 * failure's output) follows on the next lines. Under {@code /v2/} the registry's
 * {@code {"errors": [...]}} instead, escaped as {@code json.dumps}. The mapper, the filters'
 * refusals, the quota filter, the error page and the Host's valve all write through it. No
 * dependency on anything but the JDK: it also ships in the valve's jar, which Tomcat loads
 * outside the application.
 */
public final class ErrorBody {
    /** Upstream's media type of every text answer, its space before {@code charset} included. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** The registry's errors: upstream sends this, with no charset. */
    public static final String REGISTRY_JSON = "application/json";

    private ErrorBody() {
    }

    /**
     * {@code <status>: <reason>}, what dlrepo-cli prints after {@code error: remote: }. The reason
     * stays on its line: a control character in it (a refused path may hold one) is written as
     * Python writes it in a string, {@code \n}, {@code \x01}.
     */
    public static String text(int status, String reason) {
        return status + ": " + oneLine(reason == null || reason.isEmpty() ? Reasons.of(status) : reason);
    }

    /** The first line, then {@code detail} as it is (a command's output), when there is one. */
    public static String text(int status, String reason, String detail) {
        String first = text(status, reason);
        return detail == null || detail.isEmpty() ? first : first + "\n" + detail;
    }

    /** The distribution spec's shape: one error with its code and message. */
    public static String registry(String code, String message) {
        return "{\"errors\": [{\"code\": " + quote(code) + ", \"message\": " + quote(message) + "}]}";
    }

    /** The registry's error for a status nobody gave a code (the spec's codes, else UNKNOWN). */
    public static String registry(int status, String message) {
        return registry(registryCode(status), message == null || message.isEmpty() ? Reasons.of(status) : message);
    }

    static String registryCode(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            case 404 -> "NAME_UNKNOWN";
            case 405 -> "UNSUPPORTED";
            case 429 -> "TOOMANYREQUESTS";
            case 503 -> "UNAVAILABLE";
            default -> "UNKNOWN";
        };
    }

    /** Whether a path inside the application is the registry's ({@code /v2}, {@code /v2/...}). */
    public static boolean underRegistry(String path) {
        return path != null && (path.equals("/v2") || path.startsWith("/v2/"));
    }

    private static String oneLine(String reason) {
        StringBuilder out = null;
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(reason.length() + 8).append(reason, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\x%02x", (int) c));
            }
        }
        return out == null ? reason : out.toString();
    }

    /**
     * A JSON string as Python writes it with {@code ensure_ascii}: UTF-16 units above U+007E
     * escaped. The one escaper: {@code storage.PyJson} writes its strings with it too.
     */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
