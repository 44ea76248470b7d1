package dev.dlrepo.error;

/**
 * The reason sentence of an HTTP status, for error answers the API's code did not write (the
 * error page, the Host's valve). The texts are {@code jakarta.ws.rs.core.Response.Status}'s (a
 * test holds them to it), but spelled out here: the valve runs in Tomcat's own class loader,
 * which has no JAX-RS. Codes not listed answer {@code Error} (5xx: {@code Internal Server Error}).
 */
public final class Reasons {
    private Reasons() {
    }

    public static String of(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    /** The whole body: {@code {"error": "<reason>"}}, ASCII. */
    public static String body(int status) {
        return ErrorBody.of(of(status));
    }

    /** The codes given their own sentence above. */
    static int[] listed() {
        return new int[] {400, 401, 403, 404, 405, 408, 411, 413, 414, 415, 431, 503};
    }
}
