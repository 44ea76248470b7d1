package dev.dlrepo.tomcat;

/**
 * The reason sentence of an HTTP status, for error answers the API's code did not write. No
 * dependency on Tomcat: the application's error servlet uses it too, on every server.
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
        return "{\"error\": \"" + of(status) + "\"}";
    }
}
