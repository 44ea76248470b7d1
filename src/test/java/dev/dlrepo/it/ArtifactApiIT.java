package dev.dlrepo.it;

import static dev.dlrepo.it.Http.sha256;
import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Upload, link, list, download, finalize and delete over HTTP, on a context path other than /. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ArtifactApiIT {
    static final String NAME = "artifacts";
    static final String HELLO = "sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
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
    void an_upload_is_stored_once_and_hard_linked_into_every_job_that_holds_it() throws Exception {
        // when the same bytes are uploaded into two jobs
        assertEquals(201, http.put("/branches/up/t1/job1/bin/hello.txt", utf8("hello world\n")).statusCode());
        assertEquals(201, http.put("/branches/up/t1/job2/doc/copy.txt", utf8("hello world\n")).statusCode());
        // then both are links of one read-only blob
        Path blob = data.resolve(".blobs/sha256/a9/" + HELLO.substring(7));
        Path one = data.resolve("branches/up/t1/job1/bin/hello.txt");
        Path two = data.resolve("branches/up/t1/job2/doc/copy.txt");
        assertEquals(ino(blob), ino(one));
        assertEquals(ino(blob), ino(two));
        assertEquals("{\"hello.txt\": \"" + HELLO + "\"}", AtRest.digests(one.getParent()));
        assertTrue(Files.exists(one.resolveSibling(".dirty")));
        assertUploadsEmpty();
    }

    @Test
    void names_are_lower_cased_and_upper_case_hex_accepted() throws Exception {
        assertEquals(201, http.put("/branches/Case/T1/Job1/BIN/Case.TXT", utf8("hello world\n"), HELLO.toUpperCase().replace("SHA256", "sha256")).statusCode());
        assertTrue(Files.exists(data.resolve("branches/case/t1/job1/bin/Case.TXT")));
        HttpResponse<String> redirect = http.get("/branches/CASE/t1/job1/bin/Case.TXT");
        assertEquals(302, redirect.statusCode());
        assertEquals(ctx + "/branches/case/t1/job1/bin/Case.TXT", redirect.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void bad_digests_are_refused_with_upstreams_reasons_and_nothing_is_kept() throws Exception {
        String path = "/branches/bad/t1/job1/bin/x.txt";
        assertError(http.put(path, utf8("hello world\n"), "sha256:7e4fa2eb8c7ac089739d5defc4489fad68a100d92082ca35c6b40a4524821f87"),
                422, "Received data does not match digest: sha256:7e4fa2eb8c7ac089739d5defc4489fad68a100d92082ca35c6b40a4524821f87");
        assertError(http.put(path, utf8("x"), null), 422, "invalid digest: None");
        assertError(http.put(path, utf8("x"), "sha256:xyz"), 422, "invalid digest: sha256:xyz");
        assertError(http.put(path, utf8("x"), "crc32:abcd"), 422, "invalid digest: crc32:abcd");
        assertFalse(Files.exists(data.resolve("branches/bad")), "nothing visible");
        assertUploadsEmpty();
    }

    @Test
    void an_existing_blob_is_linked_by_digest_without_sending_bytes() throws Exception {
        http.put("/branches/link/t1/job1/bin/hello.txt", utf8("hello world\n"));
        HttpResponse<String> probe = http.head("/branches/link/t1/job9/any/where", "Digest", HELLO);
        assertEquals(200, probe.statusCode());
        assertEquals(HELLO, probe.headers().firstValue("Digest").orElseThrow());
        assertEquals("12", probe.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(201, http.link("/branches/link/t1/job2/bin/linked.txt", HELLO).statusCode());
        assertEquals(ino(data.resolve("branches/link/t1/job1/bin/hello.txt")), ino(data.resolve("branches/link/t1/job2/bin/linked.txt")));
        String unknown = "sha256:7e4fa2eb8c7ac089739d5defc4489fad68a100d92082ca35c6b40a4524821f87";
        assertEquals(404, http.head("/branches/link/t1/job1/bin/x", "Digest", unknown).statusCode());
        assertEquals(422, http.head("/branches/link/t1/job1/bin/x", "Digest", "nope").statusCode());
        assertError(http.link("/branches/link/t1/job1/bin/ghost.txt", unknown), 404, "Not Found");
        assertFalse(Files.exists(data.resolve("branches/link/t1/job1/bin/ghost.txt")));
        // X-Dlrepo-Link different from Digest: a normal upload, body checked
        HttpResponse<String> normal = http.send(http.request("/branches/link/t1/job1/bin/notlinked.txt")
                .header("Digest", HELLO).header("X-Dlrepo-Link", unknown)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(utf8("hello world\n"))).build());
        assertEquals(201, normal.statusCode());
    }

    @Test
    void every_level_lists_as_upstream_json_and_redirects_to_its_canonical_url() {
        http.put("/branches/list/t1/job1/bin/hello.txt", utf8("hello world\n"));
        http.put("/branches/list/t1/job1/bin/sub/dir/blob.bin", utf8("blob"));
        assertRedirect("/branches", "/branches/");
        assertRedirect("/branches/List", "/branches/list/");
        assertRedirect("/branches/list/t1", "/branches/list/t1/");
        assertRedirect("/branches/list/t1/job1", "/branches/list/t1/job1/");
        assertRedirect("/branches/list/t1/job1/BIN/", "/branches/list/t1/job1/bin/");
        assertTrue(http.get("/branches/").body().contains(
                "{\"name\": \"list\", \"daily_tags\": 1, \"released_tags\": 0, \"locked_tags\": 0, \"stable_tags\": 0, \"max_daily_tags\": 0, \"max_released_tags\": 0}"));
        assertTrue(http.get("/branches/list/").body().matches(
                "\\{\"branch\": \\{\"name\": \"list\", \"cleanup_policy\": \\{\"max_daily_tags\": 0, \"max_released_tags\": 0\\}, \"tags\": \\[\\{\"name\": \"t1\", \"timestamp\": [0-9.]+, \"released\": false, \"locked\": false, \"stable\": false, \"publish_status\": null, \"description\": null\\}\\]\\}\\}"),
                http.get("/branches/list/").body());
        assertEquals("{\"tag\": {\"name\": \"t1\", \"released\": false, \"locked\": false, \"stable\": false, \"publish_status\": null, \"description\": null, \"jobs\": [{\"locked\": false, \"name\": \"job1\", \"released\": false}]}}",
                http.get("/branches/list/t1/").body());
        assertTrue(http.get("/branches/list/t1/job1/").body().matches(
                "\\{\"job\": \\{\"locked\": false, \"name\": \"job1\", \"released\": false, \"internal\": false, \"timestamp\": [0-9.]+, \"digest\": \"\", \"artifact_formats\": \\[\"bin\"\\]\\}\\}"));
        HttpResponse<String> format = http.get("/branches/list/t1/job1/bin/");
        assertEquals("application/json; charset=utf-8", format.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"artifact_format\": {\"name\": \"bin\", \"internal\": false, \"dirty\": true, \"files\": [\"hello.txt\", \"sub/dir/blob.bin\"]}}", format.body());
        assertEquals(404, http.get("/branches/list/t1/job1/bin/sub").statusCode(), "a directory is not a file");
        assertEquals(404, http.get("/branches/list/t1/job1/bin/sub/dir/").statusCode(), "nor with a slash");
        assertEquals(404, http.get("/branches/nope/").statusCode());
    }

    @Test
    void sha256_files_of_a_format_and_of_a_file() {
        http.put("/branches/sums/t1/job1/bin/hello.txt", utf8("hello world\n"));
        http.put("/branches/sums/t1/job1/bin/a/b.txt", utf8("b"));
        HttpResponse<String> all = http.get("/branches/sums/t1/job1/bin.sha256");
        assertEquals(200, all.statusCode());
        assertEquals(sha256(utf8("b")) + "  a/b.txt\n" + HELLO.substring(7) + "  hello.txt\n", all.body());
        assertEquals(HELLO.substring(7) + "  hello.txt\n", http.get("/branches/sums/t1/job1/bin/hello.txt.sha256").body());
        assertEquals(sha256(utf8("b")) + "  b.txt\n", http.get("/branches/sums/t1/job1/bin/a/b.txt.sha256").body());
        assertEquals(404, http.get("/branches/sums/t1/job1/bin/nope.sha256").statusCode());
    }

    @Test
    void finalize_clears_the_dirty_flag_that_gates_the_format_urls() {
        http.put("/branches/fin/t1/job1/bin/hello.txt", utf8("hello world\n"));
        assertEquals(404, http.head("/branches/fin/t1/job1/bin/").statusCode());
        assertEquals(404, http.get("/branches/fin/t1/job1/bin").statusCode());
        assertEquals(200, http.get("/branches/fin/t1/job1/bin/hello.txt").statusCode(), "dirty formats are readable");
        assertEquals(200, http.method("PATCH", "/branches/fin/t1/job1/bin/").statusCode());
        assertEquals(200, http.head("/branches/fin/t1/job1/bin/").statusCode());
        HttpResponse<String> single = http.get("/branches/fin/t1/job1/bin");
        assertEquals(302, single.statusCode());
        assertEquals(ctx + "/branches/fin/t1/job1/bin/hello.txt", single.headers().firstValue("Location").orElseThrow());
        assertEquals("attachment; filename=hello.txt", single.headers().firstValue("Content-Disposition").orElseThrow());
        http.put("/branches/fin/t1/job1/bin/two.txt", utf8("two"));
        http.method("PATCH", "/branches/fin/t1/job1/bin/");
        assertRedirect("/branches/fin/t1/job1/bin", "/branches/fin/t1/job1/bin/");
        assertEquals(404, http.method("PATCH", "/branches/fin/t1/job1/nope/").statusCode());
        assertEquals(405, http.method("PATCH", "/branches/fin/latest/job1/bin/").statusCode());
    }

    @Test
    void downloads_carry_validators_and_honour_ranges_and_conditions() {
        byte[] big = new byte[300_000]; // past the sendfile threshold
        new Random(7).nextBytes(big);
        http.put("/branches/dl/t1/job1/bin/big.bin", big);
        String url = "/branches/dl/t1/job1/bin/big.bin";
        HttpResponse<byte[]> full = http.getBytes(url);
        assertEquals(200, full.statusCode());
        assertArrayEquals(big, full.body());
        String etag = full.headers().firstValue("ETag").orElseThrow();
        String lastModified = full.headers().firstValue("Last-Modified").orElseThrow();
        assertEquals("\"sha256:" + sha256(big) + "\"", etag);
        assertEquals("sha256:" + sha256(big), full.headers().firstValue("Digest").orElseThrow());
        assertEquals("300000", full.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("bytes", full.headers().firstValue("Accept-Ranges").orElseThrow());

        HttpResponse<byte[]> part = http.getBytes(url, "Range", "bytes=100000-199999");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100000-199999/300000", part.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(big, 100000, 200000), part.body());
        assertArrayEquals(Arrays.copyOfRange(big, 299990, 300000), http.getBytes(url, "Range", "bytes=-10").body());
        HttpResponse<byte[]> small = http.getBytes(url, "Range", "bytes=5-9");
        assertArrayEquals(Arrays.copyOfRange(big, 5, 10), small.body(), "small ranges are streamed");

        HttpResponse<byte[]> past = http.getBytes(url, "Range", "bytes=300000-");
        assertEquals(416, past.statusCode());
        assertEquals("bytes */300000", past.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(206, http.getBytes(url, "Range", "bytes=0-0", "If-Range", etag).statusCode());
        assertEquals(200, http.getBytes(url, "Range", "bytes=0-0", "If-Range", "\"other\"").statusCode());
        assertEquals(304, http.getBytes(url, "If-None-Match", etag).statusCode());
        assertEquals(304, http.getBytes(url, "If-Modified-Since", lastModified).statusCode());
        HttpResponse<String> head = http.head(url);
        assertEquals(200, head.statusCode());
        assertEquals("300000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("", head.body());
        http.put("/branches/dl/t1/job1/bin/a.txt", utf8("text"));
        assertEquals("text/plain", http.get("/branches/dl/t1/job1/bin/a.txt").headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void deletes_follow_upstreams_rules_and_never_break_another_jobs_link() throws Exception {
        http.put("/branches/del/t1/job1/bin/hello.txt", utf8("hello world\n"));
        http.put("/branches/keep/t1/job1/bin/hello.txt", utf8("hello world\n"));
        Path kept = data.resolve("branches/keep/t1/job1/bin/hello.txt");
        Object inode = ino(kept);
        Files.createFile(data.resolve("branches/del/t1/.locked"));
        assertError(http.method("DELETE", "/branches/del/t1/"), 400, "Tag t1 is locked");
        assertError(http.method("DELETE", "/branches/del/"), 400, "Tag t1 is locked");
        Files.delete(data.resolve("branches/del/t1/.locked"));
        Files.createFile(data.resolve("branches/del/t1/.released"));
        assertError(http.method("DELETE", "/branches/del/t1/"), 400, "Tag t1 is released, unrelease it first");
        Files.delete(data.resolve("branches/del/t1/.released"));
        Files.createFile(data.resolve("branches/del/t1/job1/.locked"));
        assertError(http.method("DELETE", "/branches/del/t1/job1/bin/"), 400, "Cannot delete format: job is locked");
        assertError(http.put("/branches/del/t1/job1/bin/new.txt", utf8("x")), 400, "Cannot upload files in locked jobs");
        assertEquals(200, http.method("DELETE", "/branches/del/t1/job1").statusCode(), "a job DELETE needs no slash");
        assertEquals(404, http.method("DELETE", "/branches/del/t1/job1/").statusCode());
        http.put("/branches/del/t1/job1/bin/hello.txt", utf8("hello world\n"));
        assertEquals(200, http.method("DELETE", "/branches/del/t1/job1/bin/").statusCode());
        assertEquals(404, http.method("DELETE", "/branches/del/t1/job1/bin/").statusCode());
        assertEquals(302, http.method("DELETE", "/branches/del/t1").statusCode(), "a tag DELETE is redirected first");
        assertEquals(200, http.method("DELETE", "/branches/del/t1/").statusCode());
        assertEquals(200, http.method("DELETE", "/branches/del/").statusCode());
        assertFalse(Files.exists(data.resolve("branches/del")));
        assertEquals("hello world\n", Files.readString(kept));
        assertEquals(inode, ino(kept));
    }

    @Test
    void sixteen_concurrent_uploads_to_one_path_end_with_one_complete_file() throws Exception {
        byte[][] bodies = new byte[16][];
        for (int i = 0; i < 16; i++) {
            bodies[i] = new byte[200_000 + i];
            new Random(i).nextBytes(bodies[i]);
        }
        for (boolean same : new boolean[] {true, false}) {
            String path = "/branches/race/t1/job1/bin/" + (same ? "same" : "different") + ".bin";
            var replies = java.util.stream.IntStream.range(0, 16).parallel()
                    .mapToObj(i -> http.putAsync(path, same ? bodies[0] : bodies[i])).toList()
                    .stream().map(java.util.concurrent.CompletableFuture::join).toList();
            replies.forEach(r -> assertEquals(201, r.statusCode(), r.body()));
            byte[] stored = Files.readAllBytes(data.resolve(path.substring(1)));
            assertTrue(Arrays.stream(bodies).anyMatch(b -> Arrays.equals(b, stored)), "one complete upload");
            assertTrue(AtRest.digests(data.resolve("branches/race/t1/job1/bin")).contains(sha256(stored)));
        }
        assertUploadsEmpty();
    }

    @Test
    void errors_are_upstreams_text_never_html_even_from_the_container() {
        assertError(http.get("/nonexistent"), 404, "Not Found");
        HttpResponse<String> notAllowed = http.method("POST", "/branches/x/t/j/f/");
        assertEquals(405, notAllowed.statusCode());
        assertTrue(notAllowed.headers().firstValue("Allow").orElseThrow().contains("PATCH"));
        assertEquals("405: Method Not Allowed", notAllowed.body());
    }

    private void assertRedirect(String from, String to) {
        HttpResponse<String> r = http.get(from);
        assertEquals(302, r.statusCode(), from);
        assertEquals(ctx + to, r.headers().firstValue("Location").orElseThrow(), from);
    }

    static void assertError(HttpResponse<String> r, int status, String reason) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(status + ": " + reason, r.body());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    }

    private void assertUploadsEmpty() throws Exception {
        try (var s = Files.list(data.resolve(".uploads"))) {
            assertEquals(0, s.count(), "nothing left in .uploads");
        }
    }

    static Object ino(Path p) throws Exception {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }
}
