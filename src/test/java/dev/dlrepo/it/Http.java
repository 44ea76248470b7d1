package dev.dlrepo.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** A small HTTP client for the integration tests: real requests to the deployed WAR. */
public final class Http {
    public static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;
    private final java.util.List<String> headers;

    public Http(URL base) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.headers = java.util.List.of();
    }

    private Http(String base, java.util.List<String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** The same client sending a header with every request (credentials, trusted proxy headers). */
    public Http with(String name, String value) {
        java.util.List<String> more = new java.util.ArrayList<>(headers);
        more.add(name);
        more.add(value);
        return new Http(base, java.util.List.copyOf(more));
    }

    /** HTTP Basic credentials on every request. */
    public Http as(String login, String password) {
        return with("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public String base() {
        return base;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120));
        if (!headers.isEmpty()) {
            b.headers(headers.toArray(String[]::new));
        }
        return b;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<byte[]> getBytes(String path, String... headers) {
        HttpRequest.Builder b = request(path).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return sendBytes(b.build());
    }

    public HttpResponse<String> head(String path, String... headers) {
        HttpRequest.Builder b = request(path).method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public HttpResponse<String> put(String path, byte[] body) {
        return put(path, body, "sha256:" + sha256(body));
    }

    public HttpResponse<String> put(String path, byte[] body, String digest) {
        HttpRequest.Builder b = request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (digest != null) {
            b.header("Digest", digest);
        }
        return send(b.build());
    }

    public java.util.concurrent.CompletableFuture<HttpResponse<String>> putAsync(String path, byte[] body) {
        return CLIENT.sendAsync(request(path).header("Digest", "sha256:" + sha256(body))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> link(String path, String digest) {
        return send(request(path).header("Digest", digest).header("X-Dlrepo-Link", digest)
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A request with a JSON body (metadata, flags, policies). */
    public HttpResponse<String> json(String method, String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> method(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
