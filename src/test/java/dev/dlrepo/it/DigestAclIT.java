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
 * A digest is not a key: a link by digest and a HEAD probe by digest see only the blobs held by a
 * file the caller may read; for the rest they answer as for an unknown digest, and the client
 * sends the bytes, which it has.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DigestAclIT {
    static final String NAME = "digest-acl";
    private static final String SECRET_FILE = "/branches/secret/t1/j1/bin/secret.txt";

    @Deployment(testable = false)
    static WebArchive war() {
        AuthConf conf = new AuthConf(NAME)
                .write("auth", "writer:writer-pw:builders\nalice:alice-pw:users\n")
                .acl("builders", "rw /**")
                .acl("users", String.join("\n",
                        "rw /~$user/**",
                        "r /branches/pub/**",
                        "r /branches/mixed/** !/branches/mixed/t1/j1/hidden/**"))
                .acl("ANONYMOUS", "r /branches/pub/**");
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_FILE", conf.path("auth"), "DLREPO_ACLS_DIR", conf.path("acls"));
    }

    @ArquillianResource
    URL base;
    Http writer;
    Http alice;
    Http anonymous;

    @BeforeEach
    void clients() {
        writer = new Http(base).as("writer", "writer-pw");
        alice = new Http(base).as("alice", "alice-pw");
        anonymous = new Http(base);
    }

    private static String digest(byte[] body) {
        return "sha256:" + Http.sha256(body);
    }

    private static void assertStatus(int expected, HttpResponse<String> r, String what) {
        assertEquals(expected, r.statusCode(), what + ": " + r.body());
    }

    @Test
    void a_digest_seen_somewhere_neither_links_nor_probes_bytes_the_acls_deny() {
        byte[] secret = utf8("the secret bytes\n");
        assertStatus(201, writer.put(SECRET_FILE, secret), "the writer uploads");
        assertStatus(401, alice.get(SECRET_FILE), "alice may not read it");
        // the reproduction: alice links the digest into her own space, then reads it
        HttpResponse<String> stolen = alice.link("/~alice/branches/x/t/j/f/stolen", digest(secret));
        assertStatus(404, stolen, "the link");
        assertEquals("404: Not Found", stolen.body(), "what an unknown digest gets");
        assertStatus(404, alice.get("/~alice/branches/x/t/j/f/stolen"), "nothing was linked");
        // nor does a probe tell her, or anyone, that the blob exists
        assertStatus(404, alice.head("/~alice/branches/x/t/j/f/stolen", "Digest", digest(secret)), "alice's probe");
        assertStatus(404, anonymous.head("/branches/pub/t/j/f/any", "Digest", digest(secret)), "an anonymous probe");
        assertStatus(200, writer.head("/branches/any/t/j/f/any", "Digest", digest(secret)), "the writer's probe");
        // with the bytes (which a real client has) the upload works, and then she holds them
        assertStatus(201, alice.put("/~alice/branches/x/t/j/f/mine", secret), "the upload");
        assertStatus(200, alice.head("/~alice/branches/x/t/j/f/other", "Digest", digest(secret)), "her probe now");
        assertStatus(201, alice.link("/~alice/branches/x/t/j/f/other", digest(secret)), "her link now");
        assertEquals("the secret bytes\n", alice.get("/~alice/branches/x/t/j/f/other").body());
    }

    @Test
    void a_blob_the_caller_may_read_somewhere_is_linked_and_probed_as_upstream_does() {
        byte[] shared = utf8("published bytes\n");
        assertStatus(201, writer.put("/branches/secret/t2/j1/bin/a.txt", shared), "held in a denied branch");
        assertStatus(201, writer.put("/branches/pub/t1/j1/bin/a.txt", shared), "and in a readable one");
        HttpResponse<String> probe = alice.head("/~alice/branches/x/t/j/f/a.txt", "Digest", digest(shared));
        assertStatus(200, probe, "the probe");
        assertEquals(digest(shared), probe.headers().firstValue("Digest").orElseThrow());
        assertEquals(String.valueOf(shared.length), probe.headers().firstValue("Content-Length").orElseThrow());
        assertStatus(200, anonymous.head("/branches/pub/t/j/f/any", "Digest", digest(shared)), "anonymous may read it too");
        assertStatus(201, alice.link("/~alice/branches/x/t/j/f/a.txt", digest(shared)), "the link");
    }

    @Test
    void a_holder_in_a_denied_format_or_deleted_since_holds_nothing_for_the_caller() {
        byte[] hidden = utf8("hidden format bytes\n");
        assertStatus(201, writer.put("/branches/mixed/t1/j1/hidden/h.txt", hidden), "in the denied format");
        assertStatus(404, alice.link("/~alice/branches/x/t/j/f/h.txt", digest(hidden)), "denied by the format's ACL");
        byte[] gone = utf8("bytes whose readable copy is deleted\n");
        assertStatus(201, writer.put("/branches/secret/t3/j1/bin/g.txt", gone), "in a denied branch");
        assertStatus(201, writer.put("/branches/pub/t3/j1/bin/g.txt", gone), "and a readable one");
        assertStatus(200, writer.method("DELETE", "/branches/pub/t3/"), "the readable copy deleted");
        assertStatus(404, alice.link("/~alice/branches/x/t/j/f/g.txt", digest(gone)), "only the denied copy is left");
    }
}
