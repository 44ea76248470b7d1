package dev.dlrepo.error;

/**
 * The reason sentence of an HTTP status, for error answers the API's code did not write (the
 * error page, the Host's valve) and for refusals that carry none. The texts are Python's
 * {@code http.HTTPStatus} phrases, which aiohttp writes: {@code jakarta.ws.rs.core.Response.Status}'s
 * where it has the code (a test holds them to it), spelled out here because the valve runs in
 * Tomcat's own class loader, which has no JAX-RS. Codes not listed answer {@code Error}
 * (5xx: {@code Internal Server Error}).
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
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Requested Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            // not in Response.Status: Python's words
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Entity";
            case 507 -> "Insufficient Storage";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    /** The whole text body: {@code <status>: <reason>}, ASCII. */
    public static String text(int status) {
        return ErrorBody.text(status, of(status));
    }

    /** The codes given Jakarta REST's sentence above. */
    static int[] listed() {
        return new int[] {400, 401, 403, 404, 405, 406, 408, 409, 411, 412, 413, 414, 415, 416, 417, 429, 431, 501, 503};
    }
}
