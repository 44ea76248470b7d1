package dev.dlrepo.it;

import static dev.dlrepo.it.Http.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /~user repositories and their quota (1000 bytes here) over HTTP, against the real WAR. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UserRepositoryIT {
    static final String NAME = "users";
    static final String LIMIT = "1000";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_USER_QUOTA", LIMIT);
    }

    @ArquillianResource
    URL base;
    Http http;
    Path data = Path.of(Deployments.dataDir(NAME));
    String ctx;

    @BeforeEach
    void client() {
        http = new Http(base);
        ctx = base.getPath().replaceAll("/$", "");
    }

    @Test
    void a_user_repository_is_the_whole_api_again_under_the_users_prefix() throws IOException {
        byte[] hello = "hello alice\n".getBytes(StandardCharsets.UTF_8);
        // when alice uploads into her repository
        assertEquals(201, http.put("/~alice/branches/dev/t1/j1/bin/hello.txt", hello).statusCode());
        assertEquals(201, http.put("/%7Ealice/branches/dev/t1/j2/bin/other.txt", bytes(100, 1)).statusCode());
        // then it lives under users/alice, and nothing in the main tree
        Path file = data.resolve("users/alice/branches/dev/t1/j1/bin/hello.txt");
        assertArrayEquals(hello, Files.readAllBytes(file));
        assertFalse(Files.exists(data.resolve("branches/dev")));
        // every spelling of the prefix reads it
        for (String prefix : List.of("/~alice", "/%7ealice", "/%7Ealice")) {
            HttpResponse<byte[]> got = http.getBytes(prefix + "/branches/dev/t1/j1/bin/hello.txt");
            assertEquals(200, got.statusCode(), prefix);
            assertArrayEquals(hello, got.body(), prefix);
        }
        assertEquals("{\"artifact_format\": {\"name\": \"bin\", \"internal\": false, \"dirty\": true, \"files\": [\"hello.txt\"]}}",
                http.get("/~alice/branches/dev/t1/j1/bin/").body());
        assertEquals(sha256(hello) + "  hello.txt\n", http.get("/~alice/branches/dev/t1/j1/bin.sha256").body());
        assertTrue(http.get("/~alice/branches/").body().contains("\"name\": \"dev\""));
        assertEquals("{\"branches\": []}", http.get("/branches/").body(), "the main tree does not see it");
        // canonical redirects keep the prefix, lower-cased
        HttpResponse<String> redirect = http.get("/~Alice/branches/Dev/");
        assertEquals(302, redirect.statusCode());
        assertEquals(ctx + "/~alice/branches/dev/", redirect.headers().firstValue("Location").orElseThrow());
        assertEquals(ctx + "/~alice/branches/", http.get("/~alice/branches").headers().firstValue("Location").orElseThrow());
        // finalize and the "finalized?" probe work there too
        assertEquals(200, http.method("PATCH", "/~alice/branches/dev/t1/j1/bin/").statusCode());
        assertEquals(200, http.head("/~alice/branches/dev/t1/j1/bin/").statusCode());
        assertEquals(hello.length + 100L, usage("alice"));
        // when a job is deleted, its files are given back
        long underJob = sizeOfFiles(data.resolve("users/alice/branches/dev/t1/j1"));
        assertEquals(200, http.method("DELETE", "/~alice/branches/dev/t1/j1/").statusCode());
        assertFalse(Files.exists(file));
        assertEquals(404, http.get("/~alice/branches/dev/t1/j1/").statusCode());
        assertEquals(hello.length + 100L - underJob, usage("alice"));
    }

    @Test
    void the_home_lists_user_repositories_and_a_user_home_shows_usage_against_quota() {
        assertEquals(201, http.put("/~homer/branches/b/t/j/f/a.bin", bytes(250, 2)).statusCode());
        assertTrue(http.get("/").body().contains("{\"name\": \"homer\"}"), http.get("/").body());
        HttpResponse<String> slashless = http.get("/~homer");
        assertEquals(302, slashless.statusCode());
        assertEquals(ctx + "/~homer/", slashless.headers().firstValue("Location").orElseThrow());
        assertEquals(ctx + "/~homer/", http.get("/~Homer/").headers().firstValue("Location").orElseThrow());
        assertEquals("{\"user\": \"homer\", \"disk_usage\": 250, \"quota\": 1000, \"branches\": [{\"name\": \"b\", "
                + "\"daily_tags\": 1, \"released_tags\": 0, \"locked_tags\": 0, \"stable_tags\": 0, "
                + "\"max_daily_tags\": 0, \"max_released_tags\": 0}]}", http.get("/~homer/").body());
        // a user who never wrote has no repository
        assertEquals(404, http.get("/~nobody/").statusCode());
        assertEquals(404, http.get("/~nobody").statusCode());
        assertEquals("{\"branches\": []}", http.get("/~nobody/branches/").body(), "reading creates nothing");
        assertFalse(Files.exists(data.resolve("users/nobody")));
    }

    @Test
    void the_quota_allows_exactly_the_limit_and_refuses_a_byte_more_before_reading_it() throws IOException {
        assertEquals(201, http.put("/~under/branches/b/t/j/f/a.bin", bytes(999, 3)).statusCode());
        assertEquals(201, http.put("/~exact/branches/b/t/j/f/a.bin", bytes(1000, 3)).statusCode());
        HttpResponse<String> over = http.put("/~over/branches/b/t/j/f/a.bin", bytes(1001, 3));
        assertEquals(400, over.statusCode());
        assertEquals("400: User over quota exceeded (0/1.0K). Please make some m\u00e9nage.", over.body());
        assertEquals(999, usage("under"));
        assertEquals(1000, usage("exact"));
        assertFalse(Files.exists(data.resolve("users/over")), "nothing of a refused upload remains");
        // a full repository refuses one more byte, whether it is declared or linked
        HttpResponse<String> full = http.put("/~exact/branches/b/t/j/f/b.bin", bytes(1, 4));
        assertEquals(400, full.statusCode());
        assertEquals("400: User exact quota exceeded (1.0K/1.0K). Please make some m\u00e9nage.", full.body());
        assertEquals(400, http.link("/~exact/branches/b/t/j/f/c.bin", "sha256:" + sha256(bytes(999, 3))).statusCode());
        assertEquals(1000, usage("exact"));
        assertFalse(Files.exists(data.resolve("users/exact/branches/b/t/j/f/b.bin")));
        assertFalse(Files.exists(data.resolve("users/exact/branches/b/t/j/f/c.bin")));
        assertUploadsEmpty();
    }

    @Test
    void re_uploading_a_path_costs_only_the_difference_declared_or_chunked() {
        // given 900 of 1000 bytes used, 300 of them at one path
        assertEquals(201, http.put("/~again/branches/b/t/j/f/a.bin", bytes(300, 30)).statusCode());
        assertEquals(201, http.put("/~again/branches/b/t/j/f/b.bin", bytes(600, 31)).statusCode());
        assertEquals(900, usage("again"));
        // when 300 other bytes replace the 300 at that path, then 400 (exactly the limit)
        assertEquals(201, http.put("/~again/branches/b/t/j/f/a.bin", bytes(300, 32)).statusCode());
        assertEquals(900, usage("again"));
        byte[] chunked = bytes(400, 33);
        HttpResponse<String> grown = http.send(http.request("/~again/branches/b/t/j/f/a.bin")
                .header("Digest", "sha256:" + sha256(chunked))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))).build());
        // then both fit, and a byte more than the difference allows is still refused
        assertEquals(201, grown.statusCode(), grown.body());
        assertEquals(1000, usage("again"));
        HttpResponse<String> over = http.put("/~again/branches/b/t/j/f/a.bin", bytes(401, 34));
        assertEquals(400, over.statusCode());
        assertEquals("400: User again quota exceeded (600/1.0K). Please make some m\u00e9nage.", over.body());
        assertEquals(1000, usage("again"));
    }

    @Test
    void a_chunked_body_is_cut_off_as_soon_as_it_goes_over_the_quota() throws IOException {
        byte[] big = bytes(1500, 5);
        HttpResponse<String> refused = http.send(http.request("/~chunky/branches/b/t/j/f/big.bin")
                .header("Digest", "sha256:" + sha256(big))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertEquals(400, refused.statusCode());
        assertEquals("400: User chunky quota exceeded (0/1.0K). Please make some m\u00e9nage.", refused.body());
        assertFalse(Files.exists(data.resolve("users/chunky/branches/b/t/j/f/big.bin")));
        assertEquals(0, usage("chunky"));
        assertUploadsEmpty();
        // a chunked body that fits is stored
        byte[] small = bytes(700, 6);
        HttpResponse<String> stored = http.send(http.request("/~chunky/branches/b/t/j/f/small.bin")
                .header("Digest", "sha256:" + sha256(small))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))).build());
        assertEquals(201, stored.statusCode());
        assertEquals(700, usage("chunky"));
    }

    @Test
    void concurrent_uploads_of_one_user_never_end_above_the_limit() throws IOException {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(http.putAsync("/~racer/branches/b/t/j" + (i % 3) + "/f/file" + i + ".bin", bytes(300, 10 + i)));
        }
        int stored = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.join();
            assertTrue(r.statusCode() == 201 || r.statusCode() == 400, r.statusCode() + " " + r.body());
            if (r.statusCode() == 201) {
                stored++;
            } else {
                assertTrue(r.body().contains("User racer quota exceeded"), r.body());
            }
        }
        long linked = sizeOfArtifacts(data.resolve("users/racer/branches"));
        assertTrue(stored >= 1 && stored <= 3, stored + " stored");
        assertEquals(300L * stored, linked);
        assertEquals(linked, usage("racer"), ".disk_usage is the sum of the linked sizes");
        assertUploadsEmpty();
    }

    @Test
    void a_link_by_digest_is_counted_and_the_main_tree_is_never_limited() {
        byte[] big = bytes(600, 20);
        String digest = "sha256:" + sha256(big);
        // the main tree takes far more than a user's quota
        assertEquals(201, http.put("/branches/main/t/j/f/big.bin", big).statusCode());
        assertEquals(201, http.put("/branches/main/t/j/f/bigger.bin", bytes(5000, 21)).statusCode());
        // a user linking that blob pays its full size, once per link
        assertEquals(201, http.link("/~linker/branches/b/t/j/f/one.bin", digest).statusCode());
        assertEquals(600, usage("linker"));
        HttpResponse<String> second = http.link("/~linker/branches/b/t/j/f/two.bin", digest);
        assertEquals(400, second.statusCode());
        assertEquals("400: User linker quota exceeded (600/1.0K). Please make some m\u00e9nage.", second.body());
        assertEquals(600, usage("linker"));
        // deleting gives it back: the link fits again
        assertEquals(200, http.method("DELETE", "/~linker/branches/b/").statusCode());
        assertEquals(0, usage("linker"));
        assertEquals(201, http.link("/~linker/branches/b/t/j/f/two.bin", digest).statusCode());
        assertEquals(600, usage("linker"));
    }

    long usage(String user) {
        try {
            return Long.parseLong(Files.readString(data.resolve("users/" + user + "/.disk_usage")));
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void assertUploadsEmpty() throws IOException {
        try (Stream<Path> s = Files.list(data.resolve(".uploads"))) {
            assertEquals(List.of(), s.toList(), "nothing left in .uploads");
        }
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    static long sizeOfFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static long sizeOfArtifacts(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
