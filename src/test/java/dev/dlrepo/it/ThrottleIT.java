package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Password guessing over real HTTP against an auth file, from really different client addresses
 * ({@link Loopback}). Windows of two seconds keep it fast.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ThrottleIT {
    static final String NAME = "throttle";
    static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive war() {
        AuthConf conf = new AuthConf(NAME).write("auth", "alice:alice-pw:dev\nbob:bob-pw:dev\ncarol:carol-pw:dev\n")
                .acl("dev", "rw /branches/**\nrw /v2/**");
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_FILE", conf.path("auth"), "DLREPO_ACLS_DIR", conf.path("acls"),
                "DLREPO_LOGIN_THROTTLE_FREE", "3", "DLREPO_LOGIN_THROTTLE_DELAY", "2",
                "DLREPO_LOGIN_THROTTLE_MAX", "2", "DLREPO_LOGIN_THROTTLE_LOGIN_MAX", "2");
    }

    @ArquillianResource
    URL base;

    @Test
    void wrong_passwords_are_refused_with_429_for_a_while_at_that_address_but_not_at_the_users_own() throws Exception {
        // given alice logged in once from her own address
        assertEquals(200, get("127.0.0.20", "/branches/", "alice", "alice-pw").status());
        // when an attacker at another address guesses her password: the free failures are checked
        for (int i = 1; i <= 4; i++) {
            assertEquals(401, get("127.0.0.10", "/branches/", "alice", "guess" + i).status(), "guess " + i + " is checked");
        }
        // then the next guess is not checked: 429, Retry-After, the API's JSON error, no challenge
        Loopback.Reply refused = get("127.0.0.10", "/branches/", "alice", "guess5");
        assertEquals(429, refused.status(), refused.head());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, refused.header("Retry-After"));
        assertEquals("429: Too Many Requests", refused.body());
        assertNull(refused.header("WWW-Authenticate"));
        // the right password from that address is refused too, and so is any login from it
        assertEquals(429, get("127.0.0.10", "/branches/", "alice", "alice-pw").status());
        assertEquals(429, get("127.0.0.10", "/branches/", "bob", "bob-pw").status());
        Loopback.Reply registry = get("127.0.0.10", "/v2/", "alice", "alice-pw");
        assertEquals(429, registry.status());
        assertEquals("TOOMANYREQUESTS", JSON.readTree(registry.body()).get("errors").get(0).get("code").asText());
        // alice at her own address is not refused, although her login's window is open (a new address meets it)
        assertEquals(200, get("127.0.0.20", "/branches/", "alice", "alice-pw").status());
        assertEquals(429, get("127.0.0.21", "/branches/", "alice", "alice-pw").status());
        // others elsewhere never notice
        assertEquals(200, get("127.0.0.30", "/branches/", "bob", "bob-pw").status());

        // when the window has passed, the right password is accepted again, at both addresses
        Thread.sleep(retryAfter * 1000 + 300);
        assertEquals(200, get("127.0.0.10", "/branches/", "alice", "alice-pw").status());
        assertEquals(200, get("127.0.0.21", "/branches/", "alice", "alice-pw").status());

        // then the audit log has the refusal, as throttled, with the client's address
        Path log = Path.of(Deployments.dataDir(NAME), ".audit", "audit.log");
        JsonNode line = eventually(() -> line(log, "127.0.0.10", 429));
        assertNotNull(line, "a 429 line for 127.0.0.10");
        assertEquals("alice", line.get("user").asText());
        assertEquals("throttled", line.get("mode").asText());
        assertEquals("/branches/", line.get("path").asText());
        assertNotNull(line(log, "127.0.0.10", 401), "the guesses that were checked are there too");
    }

    @Test
    void wrong_tokens_given_as_the_password_count_like_wrong_passwords() throws Exception {
        for (int i = 1; i <= 4; i++) {
            assertEquals(401, get("127.0.0.40", "/branches/", "carol", "dlrepo_guess" + i + "_" + "0".repeat(64)).status());
        }
        assertEquals(429, get("127.0.0.40", "/branches/", "carol", "carol-pw").status());
    }

    private Loopback.Reply get(String from, String path, String login, String password) throws IOException {
        return Loopback.get(base, from, path, login, password);
    }

    private static JsonNode line(Path log, String client, int status) {
        try {
            if (!Files.exists(log)) {
                return null;
            }
            for (String l : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
                JsonNode node = JSON.readTree(l);
                if (node.get("client").asText().equals(client) && node.get("status").asInt() == status) {
                    return node;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line once written (it lands just after the answer is complete), polled for up to 20 seconds. */
    private static JsonNode eventually(java.util.function.Supplier<JsonNode> value) throws InterruptedException {
        JsonNode last = value.get();
        for (int i = 0; i < 200 && last == null; i++) {
            Thread.sleep(100);
            last = value.get();
        }
        return last;
    }
}
