package dev.dlrepo.it;

import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlrepo.auth.LdapServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP Basic checked against a real LDAP server (in memory, in this JVM, StartTLS with a
 * certificate trusted through DLREPO_LDAP_CA_FILE) by the WAR in a real Tomcat; ACL files decide
 * what each LDAP group may do.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LdapIT {
    static final String NAME = "ldap";
    static final String DOWN = "ldap-down";
    static final ObjectMapper JSON = new ObjectMapper();
    static final LdapServer.Certificates.Pair CERTIFICATE;
    static final LdapServer LDAP;

    // before any deployment: the WARs are configured with the server's port and certificate
    static {
        try {
            Path tls = Files.createDirectories(Path.of(Deployments.emptyDataDir("ldap-tls")));
            CERTIFICATE = LdapServer.Certificates.make(tls, "server");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LDAP = LdapServer.start(CERTIFICATE)
                .user("dev1", "dev1-secret")
                .user("tester1", "tester1-secret")
                .user("loner", "loner-secret")
                .user("guessed", "guessed-secret") // the throttle's test only: its login gets refused
                .user("leaver", "leaver-secret") // the tokens' tests: deleted, and a namesake created
                .user("veteran", "veteran-secret")
                .group("developers", LdapServer.userDn("dev1"), LdapServer.userDn("leaver"), LdapServer.userDn("veteran"))
                .group("testers", LdapServer.userDn("tester1"), LdapServer.userDn("guessed"));
    }

    @Deployment(name = NAME, testable = false)
    static WebArchive war() throws IOException {
        Path acls = Files.createDirectories(Path.of(Deployments.emptyDataDir("ldap-acls")));
        Files.writeString(acls.resolve("developers"), "rw /branches/**\n");
        Files.writeString(acls.resolve("testers"), "r /branches/**\n");
        return Deployments.war(NAME, settings(NAME, LDAP.ldapUrl(), acls));
    }

    /** The same, but nothing listens on the LDAP server's port. */
    @Deployment(name = DOWN, testable = false)
    static WebArchive down() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path acls = Files.createDirectories(Path.of(Deployments.emptyDataDir("ldap-down-acls")));
        Files.writeString(acls.resolve("developers"), "rw /branches/**\n");
        return Deployments.war(DOWN, settings(DOWN, "ldap://localhost:" + port, acls));
    }

    private static String[] settings(String name, String url, Path acls) {
        return new String[] {
            "DLREPO_ROOT_DIR", Deployments.emptyDataDir(name),
            "DLREPO_AUTH_DISABLED", "0",
            "DLREPO_ACLS_DIR", acls.toString(),
            "DLREPO_LDAP_URL", url,
            "DLREPO_LDAP_BASE_DN", LdapServer.BASE,
            "DLREPO_LDAP_USER_FILTER", xml(LdapServer.USER_FILTER),
            "DLREPO_LDAP_GROUPS_FILTER", xml(LdapServer.GROUPS_FILTER),
            "DLREPO_LDAP_CA_FILE", CERTIFICATE.pem().toString(),
            "DLREPO_LDAP_TIMEOUT", "10",
            "DLREPO_LDAP_ACCOUNT_CHECK_TTL", "0", // every token use asks the directory: no waiting in the tests
        };
    }

    // the settings land in an XML attribute of context.xml
    private static String xml(String value) {
        return value.replace("&", "&amp;");
    }

    @AfterAll
    static void stop() {
        LDAP.close();
    }

    @ArquillianResource
    @OperateOnDeployment(NAME)
    URL base;

    @ArquillianResource
    @OperateOnDeployment(DOWN)
    URL downBase;

    private static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> put(Http http, String path, String body, String authorization) {
        byte[] bytes = utf8(body);
        return http.send(http.request(path).header("Authorization", authorization)
                .header("Digest", "sha256:" + Http.sha256(bytes))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private static HttpResponse<String> get(Http http, String path, String authorization) {
        return http.send(http.request(path).header("Authorization", authorization).GET().build());
    }

    private static void assertChallenge(HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("Basic realm=\"dlrepo\", charset=\"utf-8\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("401: Unauthorized", r.body());
    }

    @Test
    void a_developer_uploads_and_reads_back_with_the_ldap_password() {
        Http http = new Http(base);
        String dev = basic("dev1", "dev1-secret");
        assertEquals(201, put(http, "/branches/main/t1/job1/bin/a.txt", "from ldap\n", dev).statusCode());
        HttpResponse<String> read = get(http, "/branches/main/t1/job1/bin/a.txt", dev);
        assertEquals(200, read.statusCode());
        assertEquals("from ldap\n", read.body());
    }

    @Test
    void a_wrong_password_is_401_with_the_challenge() {
        Http http = new Http(base);
        assertChallenge(put(http, "/branches/main/t2/job1/bin/a.txt", "x", basic("dev1", "tester1-secret")));
        assertChallenge(get(http, "/branches/", basic("dev1", "")));
        HttpResponse<String> registry = get(http, "/v2/", basic("dev1", "wrong"));
        assertEquals(401, registry.statusCode());
        assertEquals("{\"errors\": [{\"code\": \"UNAUTHORIZED\", \"message\": \"Authentication is required.\"}]}",
                registry.body());
        assertFalse(Files.exists(Path.of(Deployments.dataDir(NAME), "branches/main/t2")), "nothing was written");
    }

    @Test
    void wrong_ldap_passwords_are_throttled_and_an_unreachable_server_counts_nothing() throws IOException {
        // given the default throttle: five failures are checked, the sixth opens a window of a second
        for (int i = 1; i <= 6; i++) {
            assertEquals(401, Loopback.get(base, "127.0.0.60", "/branches/", "guessed", "guess" + i).status());
        }
        // then the right LDAP password from that address is not even tried
        Loopback.Reply refused = Loopback.get(base, "127.0.0.60", "/branches/", "guessed", "guessed-secret");
        assertEquals(429, refused.status(), refused.head());
        assertEquals("1", refused.header("Retry-After"));
        // and a directory that cannot answer is no failed login: 503 every time, never 429
        for (int i = 0; i < 8; i++) {
            assertEquals(503, Loopback.get(downBase, "127.0.0.61", "/branches/", "dev1", "dev1-secret").status());
        }
    }

    @Test
    void a_token_of_a_deleted_ldap_account_does_not_work_for_a_namesake_created_later() throws Exception {
        Http http = new Http(base);
        // given leaver's token, made with the LDAP password, works
        HttpResponse<String> created = post(http, "/tokens/", "{\"name\": \"ci\"}", basic("leaver", "leaver-secret"));
        assertEquals(201, created.statusCode(), created.body());
        String token = basic("leaver", JSON.readTree(created.body()).get("token").asText());
        assertEquals(200, get(http, "/branches/", token).statusCode());
        // when the entry is deleted and a new person gets the same login (and DN, and so the groups)
        LDAP.delete(LdapServer.userDn("leaver"));
        assertEquals(401, get(http, "/branches/", token).statusCode(), "the entry is gone");
        LDAP.user("leaver", "newcomer-secret");
        // then the newcomer logs in with their password, and the old token stays refused
        assertEquals(200, get(http, "/branches/", basic("leaver", "newcomer-secret")).statusCode());
        assertChallenge(get(http, "/branches/", token));
    }

    @Test
    void a_token_stored_before_bindings_works_for_an_entry_older_than_it_and_not_for_a_newer_one() throws Exception {
        // given two records as older servers wrote them (no "account"): one made after veteran's
        // entry was, one dated before dev1's entry existed
        Http http = new Http(base);
        String veteran = plant(NAME, "veteran", "ldap", Instant.now().toString());
        String dev1 = plant(NAME, "dev1", "ldap", "2020-01-01T00:00:00Z");
        // then the first works and is bound from then on, the second is refused
        assertEquals(200, get(http, "/branches/", basic("veteran", veteran)).statusCode());
        String stored = Files.readString(Path.of(Deployments.dataDir(NAME), ".tokens", "veteran.json"));
        assertTrue(stored.matches("(?s).*\"account\" : \"entryUUID:[0-9a-f-]{36}\".*"), stored);
        assertChallenge(get(http, "/branches/", basic("dev1", dev1)));
    }

    @Test
    void a_token_of_an_ldap_user_is_refused_with_503_while_the_directory_cannot_answer() throws Exception {
        // given a token bound to an LDAP entry, on the server whose directory is down
        String token = plant(DOWN, "dev1", "ldap", Instant.now().toString());
        // then it is not accepted unchecked: like a password, 503
        HttpResponse<String> r = get(new Http(downBase), "/branches/", basic("dev1", token));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("503: Authentication service unavailable", r.body());
    }

    /** A token record written straight into a deployment's store, without "account" as older servers wrote them. */
    private static String plant(String deployment, String login, String mode, String created) throws IOException {
        String id = "%016x".formatted(new SecureRandom().nextLong());
        String secret = Http.sha256(utf8(id)); // 64 hex digits
        ObjectNode root = JSON.createObjectNode();
        ObjectNode t = root.putArray("tokens").addObject();
        t.put("id", id).put("login", login).put("name", "old").put("sha256", Http.sha256(utf8(secret)));
        t.putArray("groups").add("developers");
        t.put("mode", mode).put("created", created).putNull("expires").putNull("last_used");
        Path dir = Files.createDirectories(Path.of(Deployments.dataDir(deployment), ".tokens"));
        Files.write(dir.resolve(login + ".json"), JSON.writeValueAsBytes(root));
        return "dlrepo_" + id + "_" + secret;
    }

    private static HttpResponse<String> post(Http http, String path, String body, String authorization) {
        return http.send(http.request(path).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void a_user_in_no_group_is_401() {
        assertChallenge(get(new Http(base), "/branches/", basic("loner", "loner-secret")));
    }

    @Test
    void a_user_of_another_group_reads_but_cannot_write() {
        Http http = new Http(base);
        assertEquals(201, put(http, "/branches/main/t3/job1/bin/a.txt", "shared\n", basic("dev1", "dev1-secret"))
                .statusCode());
        String tester = basic("tester1", "tester1-secret");
        assertEquals("shared\n", get(http, "/branches/main/t3/job1/bin/a.txt", tester).body());
        assertChallenge(put(http, "/branches/main/t3/job1/bin/b.txt", "mine\n", tester));
        assertFalse(Files.exists(Path.of(Deployments.dataDir(NAME), "branches/main/t3/job1/bin/b.txt")));
    }

    @Test
    void an_unreachable_ldap_server_is_503_every_time_not_a_wrong_password() {
        Http http = new Http(downBase);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = get(http, "/branches/", basic("dev1", "dev1-secret"));
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("503: Authentication service unavailable", r.body());
            assertFalse(r.headers().firstValue("WWW-Authenticate").isPresent(), "not a challenge");
        }
    }

    @Test
    void the_registry_hears_of_an_unreachable_ldap_server_in_its_own_error_format() {
        HttpResponse<String> r = get(new Http(downBase), "/v2/", basic("dev1", "dev1-secret"));
        assertEquals(503, r.statusCode());
        assertEquals("{\"errors\": [{\"code\": \"UNAVAILABLE\", \"message\": \"Authentication service unavailable\"}]}",
                r.body());
    }
}
