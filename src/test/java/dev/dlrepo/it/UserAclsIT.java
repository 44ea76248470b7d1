package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** User repositories with authentication on: the ACLs decide who writes where and what listings show. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UserAclsIT {
    static final String NAME = "useracls";

    @Deployment(testable = false)
    static WebArchive war() {
        Path data = Path.of(Deployments.emptyDataDir(NAME));
        Path etc = data.resolveSibling(NAME + "-etc");
        try {
            Files.createDirectories(data);
            Files.createDirectories(etc.resolve("acls"));
            Files.writeString(etc.resolve("auth"), "alice:apw:devs\nbob:bpw:devs\ncarol:cpw:loners\n");
            // everyone writes their own space; devs read the others' except their "secret" branches
            Files.writeString(etc.resolve("acls/devs"), "rw /~$user/**\nr /~*/** !/~*/branches/secret/**\nr /\n");
            Files.writeString(etc.resolve("acls/loners"), "rw /~$user/**\nr /\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", data.toString(), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_FILE", etc.resolve("auth").toString(), "DLREPO_ACLS_DIR", etc.resolve("acls").toString());
    }

    @ArquillianResource
    URL base;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(base);
    }

    @Test
    void users_write_their_own_repository_only_and_listings_hide_what_they_may_not_read() {
        // each user writes into their own space
        assertEquals(201, put("alice", "apw", "/~alice/branches/main/t/j/f/a.txt"));
        assertEquals(201, put("bob", "bpw", "/~bob/branches/public/t/j/f/b.txt"));
        assertEquals(201, put("bob", "bpw", "/~bob/branches/secret/t/j/f/s.txt"));
        assertEquals(201, put("carol", "cpw", "/~carol/branches/main/t/j/f/c.txt"));
        // but not into another's, whatever the spelling
        assertEquals(401, put("alice", "apw", "/~bob/branches/public/t/j/f/evil.txt"));
        assertEquals(401, put("alice", "apw", "/%7Ebob/branches/public/t/j/f/evil.txt"));
        assertEquals(401, put("alice", "apw", "/~Bob/branches/public/t/j/f/evil.txt"));
        assertFalse(Files.exists(Path.of(Deployments.dataDir(NAME), "users/bob/branches/public/t/j/f/evil.txt")));
        // bob's repository is readable by alice...
        HttpResponse<String> file = get("alice", "apw", "/~bob/branches/public/t/j/f/b.txt");
        assertEquals(200, file.statusCode());
        assertEquals("b.txt", file.body());
        // ...except what the ACLs deny, which listings do not show
        assertEquals(401, get("alice", "apw", "/~bob/branches/secret/t/j/f/s.txt").statusCode());
        assertEquals(401, get("alice", "apw", "/~bob/branches/secret/").statusCode());
        assertEquals(names("public"), branchNames(get("alice", "apw", "/~bob/branches/").body()));
        assertEquals(names("public"), branchNames(get("alice", "apw", "/~bob/").body()));
        assertEquals(names("public", "secret"), branchNames(get("bob", "bpw", "/~bob/branches/").body()));
        // the home lists the repositories each may read
        assertEquals("{\"users\": [{\"name\": \"alice\"}, {\"name\": \"bob\"}, {\"name\": \"carol\"}]}",
                get("alice", "apw", "/").body());
        assertEquals("{\"users\": [{\"name\": \"carol\"}]}", get("carol", "cpw", "/").body());
        assertEquals(401, get("carol", "cpw", "/~bob/branches/").statusCode());
        // nobody anonymous
        assertEquals(401, http.get("/~bob/branches/").statusCode());
    }

    int put(String user, String password, String path) {
        byte[] body = path.substring(path.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8);
        return http.send(http.request(path).header("Authorization", basic(user, password))
                .header("Digest", "sha256:" + Http.sha256(body)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()).statusCode();
    }

    HttpResponse<String> get(String user, String password, String path) {
        return http.send(http.request(path).header("Authorization", basic(user, password)).GET().build());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static java.util.List<String> names(String... names) {
        return java.util.List.of(names);
    }

    /** The "name" of each branch of a branches listing or user home. */
    static java.util.List<String> branchNames(String json) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"name\": \"([^\"]+)\", \"daily_tags\"").matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
