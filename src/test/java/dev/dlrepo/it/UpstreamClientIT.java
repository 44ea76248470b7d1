package dev.dlrepo.it;

import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What upstream's own client gets, byte for byte, against the answers upstream 0.44 gave it
 * (shared spec, transcripts.md: the curl exchanges and the dlrepo-cli sections). dlrepo-cli sends
 * {@code Accept: application/json,application/octet-stream} with every request and prints an
 * error as {@code error: remote: <body>}. Raw sockets: the header bytes are compared as sent.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UpstreamClientIT {
    static final String NAME = "upstream-client";
    static final String HELLO = "sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
    static final String CLI = "\r\nAccept: application/json,application/octet-stream\r\nUser-Agent: dlrepo-cli";
    static final String TEXT = "\r\nContent-Type: text/plain; charset=utf-8\r\n";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
    }

    @ArquillianResource
    URL base;
    Http http;
    String ctx;

    @BeforeEach
    void client() {
        http = new Http(base);
        ctx = base.getPath().replaceAll("/$", "");
    }

    @Test
    void an_upload_into_a_locked_job_gives_dlrepo_cli_upstreams_error_line() throws Exception {
        // given a finalized, locked job holding hello.txt (transcripts.md, "lock job")
        assertEquals(201, http.put("/branches/dev/nightly-1/build-x86/rpm/single.txt", utf8("hello world\n")).statusCode());
        assertEquals(200, http.method("PATCH", "/branches/dev/nightly-1/build-x86/rpm/").statusCode());
        assertEquals(200, http.json("PUT", "/branches/dev/nightly-1/build-x86/", "{\"job\": {\"locked\": true}}").statusCode());
        // when dlrepo-cli uploads it again: HEAD with the digest (200), then the link
        String head = Raw.exchange(base, "HEAD " + ctx + "/branches/dev/nightly-1/build-x86/rpm/single.txt HTTP/1.1"
                + CLI + "\r\nDigest: " + HELLO, new byte[0]);
        assertEquals(200, Raw.status(head), head);
        String put = Raw.exchange(base, "PUT " + ctx + "/branches/dev/nightly-1/build-x86/rpm/single.txt HTTP/1.1"
                + CLI + "\r\nDigest: " + HELLO + "\r\nX-Dlrepo-Link: " + HELLO + "\r\nContent-Length: 0", new byte[0]);
        // then it gets upstream's answer, and prints upstream's line
        assertEquals(400, Raw.status(put), put);
        assertTrue(put.contains(TEXT), put);
        assertTrue(put.contains("\r\nContent-Length: 39\r\n"), put);
        assertEquals("400: Cannot upload files in locked jobs", Raw.body(put));
        assertEquals("error: remote: 400: Cannot upload files in locked jobs", "error: remote: " + Raw.body(put));
    }

    @Test
    void a_release_without_a_publish_target_gives_upstreams_421() throws Exception {
        // given a tag (transcripts.md, "POST released on a server without DLREPO_PUBLISH_URL")
        assertEquals(201, http.put("/branches/other/t9/j/f/hello.txt", utf8("hello world\n")).statusCode());
        // when dlrepo-cli releases it
        byte[] json = "{\"tag\": {\"released\": true}}".getBytes(StandardCharsets.UTF_8);
        String reply = Raw.exchange(base, "POST " + ctx + "/branches/other/t9/ HTTP/1.1" + CLI
                + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length, json);
        // then upstream's status, headers and body
        assertEquals(421, Raw.status(reply), reply);
        assertTrue(reply.contains(TEXT), reply);
        assertTrue(reply.contains("\r\nContent-Length: 36\r\n"), reply);
        assertEquals("421: DLREPO_PUBLISH_URL is undefined", Raw.body(reply));
        assertEquals("error: remote: 421: DLREPO_PUBLISH_URL is undefined", "error: remote: " + Raw.body(reply));
    }

    @Test
    void a_missing_branch_gives_dlrepo_cli_upstreams_404_line() throws Exception {
        String reply = Raw.exchange(base, "GET " + ctx + "/branches/nope/ HTTP/1.1" + CLI, new byte[0]);
        assertEquals(404, Raw.status(reply), reply);
        assertTrue(reply.contains(TEXT), reply);
        assertTrue(reply.contains("\r\nContent-Length: 14\r\n"), reply);
        assertEquals("error: remote: 404: Not Found", "error: remote: " + Raw.body(reply));
    }

    @Test
    void every_text_answer_carries_upstreams_media_type_byte_for_byte() throws Exception {
        // an upload's 201, a format's and a file's .sha256, a 405 (transcripts.md: each text/plain; charset=utf-8)
        String created = Raw.exchange(base, "PUT " + ctx + "/branches/text/t1/j/bin/hello.txt HTTP/1.1\r\nDigest: " + HELLO
                + "\r\nContent-Length: 12", utf8("hello world\n"));
        assertEquals(201, Raw.status(created), created);
        assertTrue(created.contains(TEXT), created);
        assertEquals("201: Created", Raw.body(created));
        for (String path : new String[] {"/branches/text/t1/j/bin.sha256", "/branches/text/t1/j/bin/hello.txt.sha256"}) {
            String sums = Raw.exchange(base, "GET " + ctx + path + " HTTP/1.1", new byte[0]);
            assertEquals(200, Raw.status(sums), sums);
            assertTrue(sums.contains(TEXT), path + ": " + sums);
            assertTrue(Raw.body(sums).endsWith("  hello.txt\n"), sums);
        }
        String notAllowed = Raw.exchange(base, "PUT " + ctx + "/branches/text/latest/j/bin/x.txt HTTP/1.1\r\nDigest: " + HELLO
                + "\r\nContent-Length: 12", utf8("hello world\n"));
        assertEquals(405, Raw.status(notAllowed), notAllowed);
        assertTrue(notAllowed.contains(TEXT), notAllowed);
        assertEquals("405: Method Not Allowed", Raw.body(notAllowed));
        // and JSON as upstream spells it too
        String listing = Raw.exchange(base, "GET " + ctx + "/branches/ HTTP/1.1" + CLI, new byte[0]);
        assertTrue(listing.contains("\r\nContent-Type: application/json; charset=utf-8\r\n"), listing);
    }
}
