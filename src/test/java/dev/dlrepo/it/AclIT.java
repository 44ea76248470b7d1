package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP Basic against the auth file, upstream's ACL language and its flag matrix, and the ways
 * people try to get around ACLs: none of them may read or write what the ACLs deny.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AclIT {
    static final String NAME = "acl";
    static final String SECRET = "top secret\n";
    static final List<String> FLAGS = List.of("r", "ra", "rd", "ru", "rad", "rau", "rdu", "radu", "rw", "a");

    @Deployment(testable = false)
    static WebArchive war() {
        Path conf = Path.of(Deployments.emptyDataDir(NAME + "-conf"));
        try {
            Files.createDirectories(conf.resolve("acls"));
            Files.writeString(conf.resolve("auth"), """
                    foo:foo-pw:group1
                    bar:bar:pw:group2
                    coin:coin-pw:group3
                    plop:plop-pw:group4
                    sneaky:sneaky-pw:group5
                    alice:alice-pw:devs
                    """);
            acl(conf, "group1", "r /**");
            acl(conf, "group2", "rw /branches/**\nrw /admin/**");
            acl(conf, "group3", "rw ~/branches/main/tag2/");
            StringBuilder plop = new StringBuilder();
            for (String flags : FLAGS) {
                plop.append(flags).append(" /branches/main/test_").append(flags).append("_tag/**\n");
            }
            acl(conf, "group4", plop.toString());
            acl(conf, "group5", "rw /branches/** !/branches/secret/** !/branches/secret");
            acl(conf, "devs", "rw /~$user/**\nr /~*/**");
            acl(conf, "ANONYMOUS", "r /products/** !/products/secret/**\nrw /branches/anon/**");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_FILE", conf.resolve("auth").toString(), "DLREPO_ACLS_DIR", conf.resolve("acls").toString(),
                "DLREPO_AUTH_REALM", "builds");
    }

    private static void acl(Path conf, String group, String lines) throws IOException {
        Files.writeString(conf.resolve("acls").resolve(group), lines + "\n");
    }

    @ArquillianResource
    URL base;
    Http anonymous;
    Http bar;

    @BeforeEach
    void clients() {
        anonymous = new Http(base);
        bar = anonymous.as("bar", "bar:pw");
    }

    private static void assertRefused(HttpResponse<String> r, String what) {
        assertEquals(401, r.statusCode(), what + ": " + r.body());
        assertEquals("Basic realm=\"builds\", charset=\"utf-8\"", r.headers().firstValue("WWW-Authenticate").orElse(""), what);
    }

    private static void assertLetThrough(HttpResponse<String> r, String what) {
        assertNotEquals(401, r.statusCode(), what + ": " + r.body());
    }

    @Test
    void reads_and_writes_follow_the_users_groups() {
        // given a file written by bar (rw /branches/**)
        assertEquals(201, bar.put("/branches/main/tag/job/bin/a.txt", Http.utf8("a\n")).statusCode());
        // then foo (r /**) reads it but cannot write
        Http foo = anonymous.as("foo", "foo-pw");
        assertEquals(200, foo.get("/branches/main/tag/job/bin/a.txt").statusCode());
        assertRefused(foo.put("/branches/main/tag/job/bin/b.txt", Http.utf8("b\n")), "foo writes");
        // coin (a regex line on tag2) can neither read nor write tag, but can both on tag2
        Http coin = anonymous.as("coin", "coin-pw");
        assertRefused(coin.get("/branches/main/tag/job/bin/a.txt"), "coin reads tag");
        assertRefused(coin.put("/branches/main/tag/job/bin/c.txt", Http.utf8("c\n")), "coin writes tag");
        assertEquals(201, coin.put("/branches/main/tag2/job/bin/c.txt", Http.utf8("c\n")).statusCode());
        assertEquals(200, coin.get("/branches/main/tag2/job/bin/c.txt").statusCode());
    }

    @Test
    void bad_credentials_are_refused_even_where_anonymous_may_read() {
        assertLetThrough(anonymous.get("/products/"), "anonymous reads products");
        assertRefused(anonymous.as("foo", "wrong").get("/products/"), "wrong password");
        assertRefused(anonymous.as("nobody", "x").get("/products/"), "unknown user");
        assertRefused(anonymous.as("bar", "bar").get("/branches/"), "a password is everything up to the groups");
        assertRefused(anonymous.with("Authorization", "Basic !!!notbase64").get("/branches/"), "garbage is anonymous");
    }

    @Test
    void anonymous_may_read_what_its_acl_allows_and_never_write() {
        assertRefused(anonymous.get("/branches/"), "anonymous lists branches");
        assertRefused(anonymous.get("/products/secret/"), "negated pattern");
        assertRefused(anonymous.put("/branches/anon/t/j/f/a.txt", Http.utf8("x")), "anonymous write with an rw line");
        assertFalse(Files.exists(Path.of(Deployments.dataDir(NAME), "branches", "anon")), "nothing written");
        HttpResponse<String> v2 = anonymous.get("/v2/");
        assertEquals(401, v2.statusCode());
        assertEquals("registry/2.0", v2.headers().firstValue("Docker-Distribution-Api-Version").orElse(""));
        assertTrue(v2.body().contains("\"UNAUTHORIZED\""), v2.body());
        assertEquals(404, anonymous.get("/static/nothing.css").statusCode(), "static files skip authentication");
    }

    @Test
    void each_flag_grants_exactly_its_methods() {
        for (String flags : FLAGS) {
            String tag = "/branches/main/test_" + flags + "_tag/";
            assertEquals(201, bar.put(tag + "job/bin/a.txt", Http.utf8("a\n")).statusCode(), tag);
        }
        Http plop = anonymous.as("plop", "plop-pw");
        for (String flags : FLAGS) {
            String tag = "/branches/main/test_" + flags + "_tag/";
            boolean read = flags.contains("r");
            boolean add = read && (flags.contains("a") || flags.contains("w"));
            boolean delete = read && (flags.contains("d") || flags.contains("w"));
            boolean update = read && (flags.contains("u") || flags.contains("w"));
            check(read, plop.get(tag + "job/bin/a.txt"), flags + " GET");
            check(add, plop.put(tag + "job/bin/b.txt", Http.utf8("b\n")), flags + " PUT");
            check(update, plop.send(plop.request(tag).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stable\": false}")).build()), flags + " POST");
            check(delete, plop.method("DELETE", tag + "job/"), flags + " DELETE");
            assertEquals(delete, !Files.exists(Path.of(Deployments.dataDir(NAME), "branches/main/test_" + flags + "_tag/job")),
                    flags + ": the job is gone exactly when DELETE was allowed");
        }
    }

    private static void check(boolean allowed, HttpResponse<String> r, String what) {
        if (allowed) {
            assertLetThrough(r, what);
        } else {
            assertRefused(r, what);
        }
    }

    @Test
    void no_spelling_of_a_denied_path_gets_through() throws IOException {
        // given a secret file, and sneaky who may do anything in /branches except /branches/secret
        assertEquals(201, bar.put("/branches/secret/t/j/f/file.txt", Http.utf8(SECRET)).statusCode());
        assertEquals(201, bar.put("/branches/open/t/j/f/file.txt", Http.utf8("open\n")).statusCode());
        Http sneaky = anonymous.as("sneaky", "sneaky-pw");
        assertEquals(200, sneaky.get("/branches/open/t/j/f/file.txt").statusCode(), "the control case");
        String auth = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("sneaky:sneaky-pw".getBytes());
        String ctx = base.getPath().replaceAll("/$", "");
        for (String target : List.of("/branches/secret/t/j/f/file.txt", "/branches/SECRET/t/j/f/file.txt",
                "/branches/Secret/T/J/F/file.txt", "/branches/%73ecret/t/j/f/file.txt", "/branches/%53ECRET/t/j/f/file.txt",
                "/branches/open/../secret/t/j/f/file.txt", "/branches/open/%2e%2e/secret/t/j/f/file.txt",
                "/branches/open/%2E%2E/secret/t/j/f/file.txt", "/branches/./secret/t/j/f/file.txt",
                "/branches//secret/t/j/f/file.txt", "/branches/secret;x=1/t/j/f/file.txt", "/branches;/secret/t/j/f/file.txt",
                "/branches/%252e%252e/secret/t/j/f/file.txt", "/branches/secret%2ft/j/f/file.txt",
                "/branches/secret./t/j/f/file.txt", "/branches/secret/t/j/f/./file.txt", "/branches/secret")) {
            for (String method : List.of("GET", "HEAD", "OPTIONS", "TRACE", "DELETE")) {
                String reply = Raw.exchange(base, method + " " + ctx + target + " HTTP/1.1\r\n" + auth, new byte[0]);
                int status = Raw.status(reply);
                // a spelling that names another path (%252e%252e, secret.) may be answered, never with the secret
                boolean refused = status == 401 || status == 400 || status == 404 || status == 405;
                assertTrue(refused || method.equals("OPTIONS") && status == 200, method + " " + target + " -> " + reply);
                assertFalse(reply.contains("top secret"), method + " " + target);
            }
            String put = Raw.exchange(base, "PUT " + ctx + target.replace("file.txt", "evil.txt") + " HTTP/1.1\r\n" + auth
                    + "\r\nDigest: sha256:" + Http.sha256(Http.utf8("evil\n")) + "\r\nContent-Length: 5", Http.utf8("evil\n"));
            boolean elsewhere = target.contains("%252e") || target.contains("secret./");
            assertTrue(Raw.status(put) >= 400 && Raw.status(put) < 500 || elsewhere && Raw.status(put) == 201,
                    "PUT " + target + " -> " + put);
        }
        try (var files = Files.walk(Path.of(Deployments.dataDir(NAME), "branches", "secret"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("evil.txt")), "no evil.txt in the secret branch");
        }
        assertEquals(200, bar.get("/branches/secret/t/j/f/file.txt").statusCode(), "the secret is intact");
    }

    @Test
    void other_url_spaces_are_checked_too() {
        // sneaky may write /branches only: not products, not the registry, not user repositories
        Http sneaky = anonymous.as("sneaky", "sneaky-pw");
        assertRefused(sneaky.put("/products/p/v/pb/1/f/a.txt", Http.utf8("x")), "products");
        assertRefused(sneaky.send(sneaky.request("/v2/main/job/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()).build()),
                "registry push");
        Http alice = anonymous.as("alice", "alice-pw");
        assertRefused(alice.put("/~bob/branches/b/t/j/f/a.txt", Http.utf8("x")), "another user's repository");
        assertRefused(alice.put("/%7ebob/branches/b/t/j/f/a.txt", Http.utf8("x")), "another user's, tilde encoded");
        assertRefused(alice.put("/%7EBob/branches/b/t/j/f/a.txt", Http.utf8("x")), "another user's, upper case");
        assertLetThrough(alice.get("/~bob/"), "but reading it is allowed");
        assertLetThrough(alice.put("/~alice/branches/b/t/j/f/a.txt", Http.utf8("x")), "one's own");
        assertRefused(alice.send(alice.request("/admin/scrub").GET().build()), "admin needs every right there");
        assertRefused(anonymous.as("foo", "foo-pw").get("/admin/scrub"), "reading everything is not enough for admin");
    }

    @Test
    void acl_and_auth_file_changes_apply_without_a_restart() throws Exception {
        Path conf = Path.of(Deployments.dataDir(NAME + "-conf"));
        Http foo = anonymous.as("foo", "foo-pw");
        assertRefused(foo.put("/branches/reload/t/j/f/a.txt", Http.utf8("x")), "before");
        acl(conf, "group1", "rw /**");
        HttpResponse<String> reload = bar.send(bar.request("/admin/reload").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, reload.statusCode(), reload.body());
        assertEquals(201, foo.put("/branches/reload/t/j/f/a.txt", Http.utf8("x")).statusCode(), "after the reload");
        acl(conf, "group1", "r /**");
        Files.writeString(conf.resolve("auth"), Files.readString(conf.resolve("auth")) + "newbie:newbie-pw:group1\n");
        // no reload this time: changed files are noticed by themselves
        Http newbie = anonymous.as("newbie", "newbie-pw");
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status;
        do {
            Thread.sleep(200);
            status = newbie.get("/branches/").statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "the new user of the auth file");
        assertRefused(foo.put("/branches/reload/t/j/f/b.txt", Http.utf8("y")), "the narrowed ACL");
    }
}
