package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Jobs, tags and products over HTTP: metadata, the products view, locks, flags, aliases. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifecycleIT {
    static final String NAME = "lifecycle";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME),
                "DLREPO_INTERNAL_FORMAT_FILTER", "debug");
    }

    @ArquillianResource
    URL base;
    Http http;
    Path data;

    @BeforeEach
    void client() {
        http = new Http(base);
        data = Path.of(Deployments.dataDir(NAME));
    }

    private void upload(String url, String content) {
        HttpResponse<String> r = http.put(url, Http.utf8(content));
        assertEquals(201, r.statusCode(), url + ": " + r.body());
    }

    private static final String PRODUCT = "{\"job\": {\"product\": \"Foo\", \"product_variant\": \"x86\", "
            + "\"product_branch\": \"1.0\", \"version\": \"%s\", \"build_url\": \"http://ci/1\", \"dropme\": \"\"}}";

    @Test
    void metadata_feeds_the_products_view_which_follows_it_and_goes_with_the_job() {
        upload("/branches/main/t1/job1/bin/hello.txt", "hello world\n");
        assertEquals(200, http.json("PATCH", "/branches/main/t1/job1/", PRODUCT.formatted("1.0.0")).statusCode());
        String job = http.get("/branches/main/t1/job1/").body();
        assertTrue(job.startsWith("{\"job\": {\"build_url\": \"http://ci/1\", \"product\": \"foo\", \"product_branch\": \"1.0\", "
                + "\"product_variant\": \"x86\", \"version\": \"1.0.0\", \"locked\": false, \"name\": \"job1\""), job);
        assertEquals("{\"products\": [{\"name\": \"foo\"}]}", http.get("/products/").body());
        assertEquals("{\"product\": {\"name\": \"foo\", \"product_variants\": [{\"name\": \"x86\"}]}}", http.get("/products/foo/").body());
        assertEquals("{\"version\": {\"name\": \"1.0.0\", \"artifact_formats\": [\"bin\"]}}",
                http.get("/products/foo/x86/1.0/1.0.0/").body());
        assertTrue(http.get("/products/foo/x86/1.0/").body().contains("\"versions\": [{\"name\": \"1.0.0\", \"timestamp\": "));
        HttpResponse<String> file = http.get("/products/foo/x86/1.0/1.0.0/bin/hello.txt");
        assertEquals(200, file.statusCode());
        assertEquals("hello world\n", file.body());
        assertEquals(302, http.get("/products/Foo/x86/1.0/1.0.0/bin/hello.txt").statusCode());
        assertEquals(Http.sha256(Http.utf8("hello world\n")) + "  hello.txt\n", http.get("/products/foo/x86/1.0/1.0.0/bin.sha256").body());
        assertTrue(http.get("/products/foo/x86/1.0/1.0.0/bin/").body().contains("\"files\": [\"hello.txt\"]"));
        assertEquals(404, http.head("/products/foo/x86/1.0/1.0.0/bin/").statusCode(), "dirty: not finalized yet");
        HttpResponse<String> latest = http.get("/products/foo/x86/1.0/latest/");
        assertEquals(302, latest.statusCode());
        assertTrue(latest.headers().firstValue("Location").orElse("").endsWith("/products/foo/x86/1.0/1.0.0/"));

        // writes through the products view are refused as upstream refuses them
        HttpResponse<String> put = http.put("/products/foo/x86/1.0/1.0.0/bin/x.txt", Http.utf8("x"));
        assertEquals(400, put.statusCode());
        assertEquals("400: Uploading products is not supported", put.body());
        assertEquals(405, http.method("PATCH", "/products/foo/x86/1.0/1.0.0/bin/").statusCode());
        assertEquals(400, http.method("DELETE", "/products/foo/x86/1.0/1.0.0/bin/").statusCode());

        // new version: the links move
        assertEquals(200, http.json("PATCH", "/branches/main/t1/job1/", "{\"job\": {\"version\": \"1.0.1\"}}").statusCode());
        assertEquals(404, http.get("/products/foo/x86/1.0/1.0.0/").statusCode());
        assertEquals(200, http.get("/products/foo/x86/1.0/1.0.1/bin/hello.txt").statusCode());

        assertEquals(200, http.method("DELETE", "/branches/main/t1/job1/").statusCode());
        assertEquals("{\"products\": []}", http.get("/products/").body());
        assertFalse(Files.exists(data.resolve("products/foo")));
    }

    @Test
    void bad_metadata_bodies_get_upstreams_reasons() {
        upload("/branches/main/t2/job1/bin/a.txt", "a");
        HttpResponse<String> bad = http.json("PATCH", "/branches/main/t2/job1/", "{bad");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().startsWith("400: invalid JSON data: "), bad.body());
        assertEquals("400: Invalid parameters", http.json("PATCH", "/branches/main/t2/job1/", "{\"job\": [1]}").body());
        assertEquals("400: invalid parameters", http.json("POST", "/branches/main/t2/", "{\"tag\": {\"locked\": 1}}").body());
        assertEquals("400: invalid parameters",
                http.json("POST", "/branches/main/", "{\"branch\": {\"max_daily_tags\": -1}}").body());
    }

    @Test
    void two_jobs_feed_one_version_and_a_format_name_cannot_come_from_two() throws IOException {
        upload("/branches/main/t3/docs/doc/index.html", "<html/>");
        upload("/branches/main/t3/bins/rpm/a.rpm", "rpm");
        upload("/branches/main/t3/other/rpm/b.rpm", "other");
        assertEquals(200, http.json("PATCH", "/branches/main/t3/docs/", PRODUCT.formatted("2.0")).statusCode());
        assertEquals(200, http.json("PATCH", "/branches/main/t3/bins/", PRODUCT.formatted("2.0")).statusCode());
        assertEquals("{\"version\": {\"name\": \"2.0\", \"artifact_formats\": [\"doc\", \"rpm\"]}}",
                http.get("/products/foo/x86/1.0/2.0/").body());
        HttpResponse<String> conflict = http.json("PATCH", "/branches/main/t3/other/", PRODUCT.formatted("2.0"));
        assertEquals(400, conflict.statusCode(), conflict.body());
        assertFalse(Files.exists(data.resolve("branches/main/t3/other/.metadata")), "the refused metadata was not written");
        assertEquals("rpm", http.get("/products/foo/x86/1.0/2.0/rpm/a.rpm").body());
        HttpResponse<byte[]> tar = http.getBytes("/products/foo/x86/1.0/2.0.tar");
        assertEquals(200, tar.statusCode());
        String names = new String(tar.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(names.contains("foo-x86-v2.0/doc/index.html") && names.contains("foo-x86-v2.0/rpm/a.rpm")
                && names.contains("foo-x86-v2.0/SHA256SUMS.txt"), "the version archive holds both jobs' formats");
    }

    @Test
    void a_locked_job_refuses_every_write_and_changes_nothing() throws IOException {
        upload("/branches/main/t4/job/bin/a.txt", "a");
        upload("/branches/main/t4/job/debug/a.dbg", "debug");
        HttpResponse<String> dirty = http.json("PUT", "/branches/main/t4/job/", "{\"job\": {\"locked\": true}}");
        assertEquals(400, dirty.statusCode());
        assertEquals("400: Job has dirty formats", dirty.body());
        assertEquals(200, http.method("PATCH", "/branches/main/t4/job/bin/").statusCode());
        assertEquals(200, http.method("PATCH", "/branches/main/t4/job/debug/").statusCode());
        assertEquals(200, http.json("PUT", "/branches/main/t4/job/", "{\"job\": {\"locked\": true}}").statusCode());
        assertTrue(http.get("/branches/main/t4/job/").body().matches(".*\"digest\": \"[0-9a-f]{64}\".*"), "the fingerprint");

        Path job = data.resolve("branches/main/t4/job");
        List<String> before = snapshot(job);
        assertEquals("400: Cannot upload files in locked jobs", http.put("/branches/main/t4/job/bin/b.txt", Http.utf8("b")).body());
        assertEquals(400, http.put("/branches/main/t4/job/new/b.txt", Http.utf8("b")).statusCode());
        assertEquals(400, http.link("/branches/main/t4/job/bin/c.txt", "sha256:" + Http.sha256(Http.utf8("a"))).statusCode());
        assertEquals(400, http.json("PATCH", "/branches/main/t4/job/", "{\"job\": {\"x\": \"y\"}}").statusCode());
        assertEquals(400, http.json("PUT", "/branches/main/t4/job/", "{\"job\": {\"internal\": true}}").statusCode());
        assertEquals(400, http.json("PUT", "/branches/main/t4/job/", "{\"job\": {\"locked\": false}}").statusCode());
        assertEquals(400, http.method("DELETE", "/branches/main/t4/job/bin/").statusCode());
        assertEquals(before, snapshot(job), "nothing changed on disk");
        // an internal format of a locked job stays writable
        upload("/branches/main/t4/job/debug/b.dbg", "more debug");
        assertEquals(200, http.json("POST", "/branches/main/t4/job/", "{\"job\": {\"locked\": false}}").statusCode());
        upload("/branches/main/t4/job/bin/b.txt", "b");
    }

    @Test
    void locked_and_released_tags_cannot_be_deleted_and_publishing_is_not_configured() throws IOException {
        upload("/branches/rel/t1/job/bin/a.txt", "a");
        assertEquals(200, http.json("POST", "/branches/rel/t1/", "{\"tag\": {\"locked\": true, \"description\": \" nightly \"}}").statusCode());
        String tag = http.get("/branches/rel/t1/").body();
        assertTrue(tag.contains("\"locked\": true") && tag.contains("\"description\": \"nightly\""), tag);
        List<String> before = snapshot(data.resolve("branches/rel"));
        assertEquals("400: Tag t1 is locked", http.method("DELETE", "/branches/rel/t1/").body());
        assertEquals(400, http.method("DELETE", "/branches/rel/").statusCode());
        Files.createFile(data.resolve("branches/rel/t1/.released"));
        HttpResponse<String> publish = http.json("POST", "/branches/rel/t1/", "{\"tag\": {\"released\": false, \"locked\": false}}");
        assertEquals(421, publish.statusCode());
        assertEquals("421: DLREPO_PUBLISH_URL is undefined", publish.body());
        assertTrue(Files.exists(data.resolve("branches/rel/t1/.locked")), "later fields are not applied");
        Files.delete(data.resolve("branches/rel/t1/.released"));
        assertEquals(before, snapshot(data.resolve("branches/rel")), "nothing changed");
        assertEquals(200, http.json("POST", "/branches/rel/t1/", "{\"tag\": {\"locked\": false}}").statusCode());
        Files.createFile(data.resolve("branches/rel/t1/.released"));
        assertEquals("400: Tag t1 is released, unrelease it first", http.method("DELETE", "/branches/rel/t1/").body());
        assertEquals(400, http.method("DELETE", "/branches/rel/").statusCode());
        assertTrue(Files.exists(data.resolve("branches/rel/t1/job/bin/a.txt")), "a released tag stays");
        Files.delete(data.resolve("branches/rel/t1/.released"));
        assertEquals(200, http.json("POST", "/branches/rel/", "{\"branch\": {\"max_daily_tags\": 3}}").statusCode());
        assertTrue(http.get("/branches/rel/").body().contains("\"cleanup_policy\": {\"max_daily_tags\": 3, \"max_released_tags\": 0}"));
        assertEquals(200, http.method("DELETE", "/branches/rel/").statusCode());
    }

    @Test
    void aliases_redirect_to_the_newest_readable_tag() throws IOException {
        upload("/branches/al/t1/job/bin/a.txt", "1");
        upload("/branches/al/t2/job/bin/a.txt", "2");
        upload("/branches/al/t3/job/bin/a.txt", "3");
        Files.setLastModifiedTime(data.resolve("branches/al/t1/.stamp"), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(data.resolve("branches/al/t2/.stamp"), FileTime.fromMillis(3_000_000));
        Files.setLastModifiedTime(data.resolve("branches/al/t3/.stamp"), FileTime.fromMillis(2_000_000));
        assertEquals(200, http.json("POST", "/branches/al/t1/", "{\"tag\": {\"stable\": true}}").statusCode());
        assertEquals(200, http.json("POST", "/branches/al/t3/", "{\"tag\": {\"stable\": true}}").statusCode());
        assertLocation("/branches/al/latest/", "/branches/al/t2/");
        assertLocation("/branches/al/stable/job/bin/a.txt", "/branches/al/t3/job/bin/a.txt");
        assertLocation("/branches/al/oldstable/job/", "/branches/al/t1/job/");
        assertLocation("/branches/al/latest/job.tar", "/branches/al/t2/job.tar");
        assertEquals(405, http.put("/branches/al/latest/job/bin/x", Http.utf8("x")).statusCode());
        assertEquals(404, http.get("/branches/nothing/latest/").statusCode());
    }

    private void assertLocation(String path, String expected) {
        HttpResponse<String> r = http.get(path);
        assertEquals(302, r.statusCode(), path);
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith(expected), path + " -> " + r.headers().map());
    }

    /** Every path under a directory, files with size and mtime: "nothing changed" made checkable. */
    private static List<String> snapshot(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.sorted().map(p -> {
                try {
                    if (Files.isDirectory(p)) {
                        return dir.relativize(p) + "/";
                    }
                    return dir.relativize(p) + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
