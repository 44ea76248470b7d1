package dev.dlrepo.it;

import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every success answer of upstream (shared spec, transcripts.md) as it comes on the wire: a 201
 * says {@code 201: Created} in text/plain, any other write answers 200 with an empty
 * application/octet-stream body, and JSON reads stay JSON; each media type spelled as upstream
 * spells it, {@code text/plain; charset=utf-8} with its space.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SuccessBodiesIT {
    static final String NAME = "success";
    static final String HELLO = "sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String OCTETS = "application/octet-stream";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
    }

    @ArquillianResource
    URL base;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(base);
    }

    @Test
    void an_upload_and_a_link_answer_201_created_in_plain_text() {
        // when a file is uploaded, then linked by its digest, also into a user repository
        HttpResponse<String> upload = http.put("/branches/up/t1/job1/bin/hello.txt", utf8("hello world\n"));
        HttpResponse<String> link = http.link("/branches/up/t1/job1/bin/linked-copy.txt", HELLO);
        HttpResponse<String> user = http.put("/~alice/branches/dev/t/j/f/hello.txt", utf8("hello world\n"));
        // then each answer is upstream's: 12 bytes, no final newline
        for (HttpResponse<String> created : java.util.List.of(upload, link, user)) {
            assertAnswer(created, 201, TEXT, "201: Created");
        }
    }

    @Test
    void finalize_metadata_flags_and_policies_answer_200_with_an_empty_body() {
        // given a job with one file
        http.put("/branches/flags/t1/job1/bin/hello.txt", utf8("hello world\n"));
        // when each write of upstream's API is made, then it answers 200, empty, application/octet-stream
        assertAnswer(http.method("PATCH", "/branches/flags/t1/job1/bin/"), 200, OCTETS, "");
        assertAnswer(http.json("PATCH", "/branches/flags/t1/job1/", "{\"job\": {\"product\": \"foo\"}}"), 200, OCTETS, "");
        assertAnswer(http.json("PUT", "/branches/flags/t1/job1/", "{\"job\": {\"internal\": true}}"), 200, OCTETS, "");
        assertAnswer(http.json("PUT", "/branches/flags/t1/job1/", "{\"job\": {\"locked\": true}}"), 200, OCTETS, "");
        assertAnswer(http.json("POST", "/branches/flags/t1/job1/", "{\"job\": {\"locked\": false}}"), 200, OCTETS, "");
        assertAnswer(http.json("POST", "/branches/flags/t1/", "{\"tag\": {\"description\": \"first\"}}"), 200, OCTETS, "");
        assertAnswer(http.json("POST", "/branches/flags/t1/", "{\"tag\": {\"stable\": true}}"), 200, OCTETS, "");
        assertAnswer(http.json("POST", "/branches/flags/", "{\"branch\": {\"max_daily_tags\": 5}}"), 200, OCTETS, "");
    }

    @Test
    void the_finalized_probe_and_the_blob_probe_answer_headers_only() {
        // given a finalized format
        http.put("/branches/probe/t1/job1/bin/hello.txt", utf8("hello world\n"));
        http.method("PATCH", "/branches/probe/t1/job1/bin/");
        // then HEAD of the format says 200 with no length, HEAD with a Digest gives the blob's length
        HttpResponse<String> finalized = http.head("/branches/probe/t1/job1/bin/");
        assertAnswer(finalized, 200, OCTETS, "");
        assertEquals("0", finalized.headers().firstValue("Content-Length").orElse(null));
        HttpResponse<String> blob = http.head("/branches/probe/t1/job9/any/where", "Digest", HELLO);
        assertAnswer(blob, 200, OCTETS, "");
        assertEquals("12", blob.headers().firstValue("Content-Length").orElse(null));
    }

    @Test
    void deletes_answer_200_with_an_empty_body() {
        // given a branch with two tags, one job each
        http.put("/branches/del/t1/job1/bin/hello.txt", utf8("hello world\n"));
        http.put("/branches/del/t1/job2/bin/hello.txt", utf8("hello world\n"));
        http.put("/branches/del/t2/job1/bin/hello.txt", utf8("hello world\n"));
        // when a format, a job, a tag and the branch are deleted, then each answers upstream's empty 200
        assertAnswer(http.method("DELETE", "/branches/del/t1/job1/bin/"), 200, OCTETS, "");
        assertAnswer(http.method("DELETE", "/branches/del/t1/job2"), 200, OCTETS, "");
        assertAnswer(http.method("DELETE", "/branches/del/t1/"), 200, OCTETS, "");
        assertAnswer(http.method("DELETE", "/branches/del/"), 200, OCTETS, "");
    }

    @Test
    void reads_stay_json_and_errors_are_upstreams_text() {
        http.put("/branches/read/t1/job1/bin/hello.txt", utf8("hello world\n"));
        HttpResponse<String> listing = http.get("/branches/read/t1/job1/bin/");
        assertEquals("application/json; charset=utf-8", listing.headers().firstValue("Content-Type").orElse(null));
        assertEquals("{\"artifact_format\": {\"name\": \"bin\", \"internal\": false, \"dirty\": true, \"files\": [\"hello.txt\"]}}",
                listing.body());
        HttpResponse<String> missing = http.method("DELETE", "/branches/read/t1/nope/bin/");
        assertEquals(404, missing.statusCode());
        assertEquals("404: Not Found", missing.body());
        assertEquals(TEXT, missing.headers().firstValue("Content-Type").orElse(null));
    }

    static void assertAnswer(HttpResponse<String> response, int status, String type, String body) {
        String what = response.request().method() + " " + response.uri().getPath();
        assertEquals(status, response.statusCode(), what + ": " + response.body());
        assertEquals(type, response.headers().firstValue("Content-Type").orElse(null), what);
        assertEquals(body, response.body(), what);
        if (!response.request().method().equals("HEAD")) {
            assertEquals(Integer.toString(utf8(body).length), response.headers().firstValue("Content-Length").orElse(null), what);
        }
    }
}
