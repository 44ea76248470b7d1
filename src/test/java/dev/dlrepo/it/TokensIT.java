package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Personal tokens and the audit log over HTTP, with authentication on and an auth file. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokensIT {
    static final String NAME = "tokens";
    static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive war() throws IOException {
        Path etc = Path.of(Deployments.emptyDataDir(NAME + "-etc"));
        Files.createDirectories(etc.resolve("acls"));
        Files.writeString(etc.resolve("auth"), "alice:alice-pw:dev\nbob:bob-pw:dev\ncarol:carol-pw:dev\ndave:dave-pw:dev\n");
        Files.writeString(etc.resolve("acls/dev"), "rw /branches/**\n");
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_FILE", etc.resolve("auth").toString(), "DLREPO_ACLS_DIR", etc.resolve("acls").toString());
    }

    @ArquillianResource
    URL base;

    @Test
    void a_token_is_shown_once_works_as_its_own_logins_password_and_stops_when_revoked() throws Exception {
        Http http = new Http(base);
        // given alice creates a token with her password
        HttpResponse<String> created = post(http, "/tokens/", "alice", "alice-pw", "{\"name\": \"ci job\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode c = JSON.readTree(created.body());
        String token = c.get("token").asText();
        String id = c.get("id").asText();
        assertTrue(token.matches("dlrepo_" + id + "_[0-9a-f]{64}"), token);
        assertEquals("ci job", c.get("name").asText());
        assertTrue(c.get("expires").isNull());
        // then the list shows it, without its value
        HttpResponse<String> list = send(http, "GET", "/tokens/", "alice", "alice-pw", null);
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains(token.substring(token.lastIndexOf('_') + 1)), "the secret is never listed");
        JsonNode listed = find(JSON.readTree(list.body()).get("tokens"), id);
        assertEquals("ci job", listed.get("name").asText());
        assertNull(listed.get("token"));
        assertEquals(c.get("created").asText(), listed.get("created").asText());

        // when the token is the Basic password: upload and read back
        byte[] data = Http.utf8("built by CI\n");
        String file = "/branches/main/tok1/job1/bin/out.txt";
        assertEquals(201, put(http, file, "alice", token, data).statusCode());
        HttpResponse<byte[]> read = http.sendBytes(http.request(file).header("Authorization", basic("alice", token)).GET().build());
        assertEquals(200, read.statusCode());
        assertArrayEquals(data, read.body());
        // another login with the same token is refused
        assertEquals(401, put(http, file, "bob", token, data).statusCode());
        assertEquals(401, send(http, "GET", file, "bob", token, null).statusCode());

        // bob cannot revoke it: it is not his
        HttpResponse<String> bobs = send(http, "DELETE", "/tokens/" + id, "bob", "bob-pw", null);
        assertEquals(404, bobs.statusCode());
        assertEquals("404: Not Found", bobs.body());
        // alice revokes it: refused at once, although it was just accepted (and cached)
        assertEquals(200, send(http, "DELETE", "/tokens/" + id, "alice", "alice-pw", null).statusCode());
        HttpResponse<String> after = put(http, file, "alice", token, data);
        assertEquals(401, after.statusCode());
        assertEquals("401: Unauthorized", after.body());
        assertEquals(401, send(http, "GET", file, "alice", token, null).statusCode());
        assertTrue(find(JSON.readTree(send(http, "GET", "/tokens/", "alice", "alice-pw", null).body()).get("tokens"), id) == null);
    }

    @Test
    void an_expired_token_is_refused_and_an_expiry_in_the_past_cannot_be_asked_for() throws Exception {
        Http http = new Http(base);
        // given a token of one day that works
        JsonNode c = JSON.readTree(post(http, "/tokens/", "alice", "alice-pw", "{\"name\": \"short\", \"expires_in_days\": 1}").body());
        String token = c.get("token").asText();
        assertEquals(200, send(http, "GET", "/branches/", "alice", token, null).statusCode());
        // when its expiry passes (written into the store)
        Path store = Path.of(Deployments.dataDir(NAME), ".tokens", "alice.json");
        JsonNode tokens = JSON.readTree(store.toFile());
        ((ObjectNode) find(tokens.get("tokens"), c.get("id").asText())).put("expires", "2020-01-01T00:00:00Z");
        Files.write(store, JSON.writeValueAsBytes(tokens));
        // then
        assertEquals(401, send(http, "GET", "/branches/", "alice", token, null).statusCode());
        HttpResponse<String> past = post(http, "/tokens/", "alice", "alice-pw",
                "{\"name\": \"late\", \"expires\": \"2020-01-01T00:00:00Z\"}");
        assertEquals(400, past.statusCode());
        assertEquals("400: expires: must be in the future", past.body());
    }

    @Test
    void anonymous_requests_cannot_reach_tokens() {
        Http http = new Http(base);
        assertEquals(401, http.get("/tokens/").statusCode());
        HttpResponse<String> post = http.send(http.request("/tokens/")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}")).build());
        assertEquals(401, post.statusCode());
        assertEquals("401: Unauthorized", post.body());
    }

    @Test
    void invalid_requests_are_400_with_a_reason_and_a_token_cannot_create_tokens() throws Exception {
        Http http = new Http(base);
        for (String body : List.of("not json", "{\"name\": \"\"}", "{\"name\": \"x\", \"expires_in_days\": 0}",
                "{\"name\": \"x\", \"extra\": 1}", "{\"name\": \"" + "y".repeat(5000) + "\"}")) {
            HttpResponse<String> r = post(http, "/tokens/", "alice", "alice-pw", body);
            assertEquals(400, r.statusCode(), body);
            assertTrue(r.body().startsWith("400: ") && r.body().length() > 5, r.body());
        }
        String token = JSON.readTree(post(http, "/tokens/", "alice", "alice-pw", "{\"name\": \"t\"}").body()).get("token").asText();
        HttpResponse<String> again = post(http, "/tokens/", "alice", token, "{\"name\": \"t2\"}");
        assertEquals(403, again.statusCode());
        assertTrue(again.body().startsWith("403: "), again.body());
    }

    @Test
    void a_user_removed_from_the_auth_file_loses_their_tokens() throws Exception {
        Http http = new Http(base);
        // given carol's token works
        String token = JSON.readTree(post(http, "/tokens/", "carol", "carol-pw", "{\"name\": \"t\"}").body()).get("token").asText();
        assertEquals(200, send(http, "GET", "/branches/", "carol", token, null).statusCode());
        // when carol is removed (the auth file is re-read when it changes)
        Path auth = Path.of(Deployments.dataDir(NAME + "-etc"), "auth");
        Files.writeString(auth, Files.readString(auth).replace("carol:carol-pw:dev\n", ""));
        // then
        int status = eventually(() -> send(http, "GET", "/branches/", "carol", token, null).statusCode(), s -> s == 401);
        assertEquals(401, status);
    }

    @Test
    void a_login_given_to_someone_else_before_its_tokens_are_used_again_does_not_inherit_them() throws Exception {
        Http http = new Http(base);
        // given dave's token, made with his password
        String token = JSON.readTree(post(http, "/tokens/", "dave", "dave-pw", "{\"name\": \"t\"}").body()).get("token").asText();
        // when his login goes to another person (another password) before the token is tried again
        Path auth = Path.of(Deployments.dataDir(NAME + "-etc"), "auth");
        Files.writeString(auth, Files.readString(auth).replace("dave:dave-pw:dev\n", "dave:new-dave-pw:dev\n"));
        int newcomer = eventually(() -> send(http, "GET", "/branches/", "dave", "new-dave-pw", null).statusCode(), s -> s == 200);
        assertEquals(200, newcomer, "the server has read the new auth file");
        // then the old token does not work for the new dave, nor can they see it
        assertEquals(401, send(http, "GET", "/branches/", "dave", token, null).statusCode());
        JsonNode left = JSON.readTree(send(http, "GET", "/tokens/", "dave", "new-dave-pw", null).body()).get("tokens");
        assertEquals(0, left.size(), left.toString());
    }

    @Test
    void writes_and_refusals_are_in_the_audit_log() throws Exception {
        Http http = new Http(base);
        // given a write by token, a refused password and an anonymous refusal
        String token = JSON.readTree(post(http, "/tokens/", "bob", "bob-pw", "{\"name\": \"audit\"}").body()).get("token").asText();
        byte[] data = Http.utf8("audited\n");
        String file = "/branches/main/audit1/job1/bin/a%20b.txt";
        assertEquals(201, put(http, file, "bob", token, data).statusCode());
        assertEquals(401, send(http, "GET", "/branches/?x=1", "bob", "wrong", null).statusCode());
        assertEquals(401, http.method("DELETE", "/branches/main/audit1/").statusCode());
        Path log = Path.of(Deployments.dataDir(NAME), ".audit", "audit.log");
        // then (a line is written once the answer is complete, so it may land just after the client has it)
        JsonNode write = eventually(() -> line(log, l -> l.get("path").asText().equals("/branches/main/audit1/job1/bin/a b.txt")), l -> l != null);
        assertEquals("bob", write.get("user").asText());
        assertEquals("token", write.get("mode").asText());
        assertEquals("PUT", write.get("method").asText());
        assertEquals("sha256:" + Http.sha256(data), write.get("digest").asText());
        assertEquals(data.length, write.get("size").asInt());
        assertEquals(201, write.get("status").asInt());
        assertEquals("127.0.0.1", write.get("client").asText());
        assertTrue(write.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        JsonNode refused = eventually(() -> line(log, l -> l.get("query").asText().equals("x=1")), l -> l != null);
        assertEquals("bob", refused.get("user").asText(), "the login the refused credentials claimed");
        assertEquals("refused", refused.get("mode").asText());
        assertEquals("GET", refused.get("method").asText());
        assertEquals("/branches/", refused.get("path").asText());
        assertEquals(401, refused.get("status").asInt());
        JsonNode anonymous = eventually(() -> line(log, l -> l.get("method").asText().equals("DELETE")
                && l.get("path").asText().equals("/branches/main/audit1/")), l -> l != null);
        assertEquals("", anonymous.get("user").asText());
        assertEquals("anonymous", anonymous.get("mode").asText());
        assertEquals(401, anonymous.get("status").asInt());
        assertTrue(line(log, l -> l.get("method").asText().equals("GET") && l.get("status").asInt() == 200) == null,
                "successful reads are not audited");
        assertTrue(line(log, l -> l.get("method").asText().equals("POST") && l.get("path").asText().equals("/tokens/")
                && l.get("status").asInt() == 201) != null, "creating a token is a write");
    }

    private static JsonNode line(Path log, Predicate<JsonNode> wanted) {
        try {
            if (!Files.exists(log)) {
                return null;
            }
            for (String l : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
                JsonNode node = JSON.readTree(l);
                if (wanted.test(node)) {
                    return node;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value once it satisfies the condition, polled for up to 20 seconds (never a timing assertion). */
    private static <T> T eventually(Supplier<T> value, Predicate<T> done) throws InterruptedException {
        T last = value.get();
        for (int i = 0; i < 200 && !done.test(last); i++) {
            Thread.sleep(100);
            last = value.get();
        }
        return last;
    }

    private static JsonNode find(JsonNode tokens, String id) {
        List<JsonNode> out = new ArrayList<>();
        tokens.forEach(t -> {
            if (t.get("id").asText().equals(id)) {
                out.add(t);
            }
        });
        return out.isEmpty() ? null : out.get(0);
    }

    private static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(Http http, String path, String login, String password, String body) {
        return http.send(http.request(path).header("Authorization", basic(login, password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> put(Http http, String path, String login, String password, byte[] body) {
        return http.send(http.request(path).header("Authorization", basic(login, password))
                .header("Digest", "sha256:" + Http.sha256(body)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static HttpResponse<String> send(Http http, String method, String path, String login, String password, String body) {
        return http.send(http.request(path).header("Authorization", basic(login, password))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
