package dev.dlrepo.error;

/**
 * The bytes of every error answer: {@code {"error": "<reason>"}} (the registry's
 * {@code {"errors": [...]}} under {@code /v2/}), laid out and escaped as upstream's
 * {@code json.dumps}: ASCII only, {@code \\uXXXX} for the rest. The mapper, the filters' refusals,
 * the quota filter, the error page and the Host's valve all write through it. No dependency on
 * anything but the JDK: it also ships in the valve's jar, which Tomcat loads outside the application.
 */
public final class ErrorBody {
    private ErrorBody() {
    }

    /** {@code {"error": "<reason>"}}. */
    public static String of(String reason) {
        return "{\"error\": " + quote(reason == null ? "Error" : reason) + "}";
    }

    /** {@code {"error": "<reason>", "output": "<output>"}}: a post-process that failed, with its output. */
    public static String of(String reason, String output) {
        return "{\"error\": " + quote(reason) + ", \"output\": " + (output == null ? "null" : quote(output)) + "}";
    }

    /** The distribution spec's shape: one error with its code and message. */
    public static String registry(String code, String message) {
        return "{\"errors\": [{\"code\": " + quote(code) + ", \"message\": " + quote(message) + "}]}";
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
