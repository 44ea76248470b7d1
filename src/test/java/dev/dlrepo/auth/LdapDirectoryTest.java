package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.auth.LdapServer.Operation;
import dev.dlrepo.config.Settings;
import dev.dlrepo.error.DlrepoException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LDAP check against a real LDAP server (in memory, on a port, StartTLS and LDAPS). */
class LdapDirectoryTest {
    @TempDir
    static Path dir;
    static LdapServer.Certificates.Pair certificate;
    static LdapServer.Certificates.Pair stranger;
    static LdapServer ldap;

    @BeforeAll
    static void start() {
        certificate = LdapServer.Certificates.make(dir, "server");
        stranger = LdapServer.Certificates.make(dir, "stranger");
        ldap = LdapServer.start(certificate)
                .user("alice", "alice-secret")
                .user("bob", "bob-secret")
                .user("carol", "carol-secret")
                .user("twin", "twin-secret")
                .entry("dn: ou=others," + LdapServer.BASE, "objectClass: organizationalUnit", "ou: others")
                .entry("dn: uid=twin,ou=others," + LdapServer.BASE, "objectClass: inetOrgPerson", "uid: twin",
                        "cn: twin", "sn: twin", "userPassword: twin-secret")
                .entry("dn: cn=Doe\\, John (ext),ou=people," + LdapServer.BASE, "objectClass: inetOrgPerson",
                        "uid: doe", "cn: Doe, John (ext)", "sn: Doe", "userPassword: doe-secret")
                .group("developers", LdapServer.userDn("alice"))
                .group("readers", LdapServer.userDn("alice"), LdapServer.userDn("bob"))
                .group("testers", LdapServer.userDn("bob"))
                .group("specials", "cn=Doe\\, John (ext),ou=people," + LdapServer.BASE)
                .entry("dn: cn=alice-own,ou=groups," + LdapServer.BASE, "objectClass: groupOfNames",
                        "cn: alice-own", "cn: second-name", "member: uid=twin,ou=others," + LdapServer.BASE);
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    @BeforeEach
    void forget() {
        ldap.forget();
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put(Settings.LDAP_URL, ldap.ldapUrl());
        s.put(Settings.LDAP_BASE_DN, LdapServer.BASE);
        s.put(Settings.LDAP_USER_FILTER, LdapServer.USER_FILTER);
        s.put(Settings.LDAP_GROUPS_FILTER, LdapServer.GROUPS_FILTER);
        s.put(Settings.LDAP_CA_FILE, certificate.pem().toString());
        s.put(Settings.LDAP_TIMEOUT, "10");
        return s;
    }

    private static LdapDirectory directory(Map<String, String> settings) {
        return new LdapDirectory(Settings.of(settings));
    }

    private static LdapDirectory directory() {
        return directory(settings());
    }

    @Test
    void the_right_password_gives_the_groups_the_user_is_a_member_of() {
        assertEquals(Set.of("developers", "readers"), directory().groups("alice", "alice-secret"));
        assertEquals(Set.of("readers", "testers"), directory().groups("bob", "bob-secret"));
    }

    @Test
    void a_wrong_password_gives_no_group() {
        assertEquals(Set.of(), directory().groups("alice", "bob-secret"));
        assertTrue(ldap.operations().stream().anyMatch(o -> o.kind().equals("BIND")
                && o.detail().equals(LdapServer.userDn("alice"))), "the password was tried: " + ldap.operations());
    }

    @Test
    void an_unknown_user_gives_no_group() {
        assertEquals(Set.of(), directory().groups("mallory", "alice-secret"));
    }

    @Test
    void a_user_in_no_group_gives_no_group() {
        assertEquals(Set.of(), directory().groups("carol", "carol-secret"));
    }

    @Test
    void an_empty_password_gives_no_group_without_asking_the_server() {
        // an empty simple bind is an anonymous bind, which servers accept
        assertEquals(Set.of(), directory().groups("alice", ""));
        assertEquals(List.of(), ldap.operations());
    }

    @Test
    void a_login_that_matches_two_entries_is_an_error_not_a_refusal() {
        DlrepoException e = assertThrows(DlrepoException.class, () -> directory().groups("twin", "twin-secret"));
        assertEquals(500, e.status());
    }

    @Test
    void filter_syntax_in_a_login_is_only_ever_a_value() {
        LdapDirectory directory = directory();
        for (String login : List.of("*", "x)(uid=*)", "al*", "*)(uid=*))(|(uid=*", "alice)(uid=bob", "alice\\2a",
                "\0")) {
            assertEquals(Set.of(), directory.groups(login, "alice-secret"), login);
        }
        assertTrue(ldap.operations().stream().noneMatch(o -> o.kind().equals("BIND")), "nobody matched: no bind");
        assertTrue(ldap.operations().stream().anyMatch(o -> o.detail().contains("uid=al\\2a")),
                "the star reached the server as a value: " + ldap.operations());
    }

    @Test
    void a_user_dn_with_special_characters_is_escaped_in_the_groups_filter() {
        assertEquals(Set.of("specials"), directory().groups("doe", "doe-secret"));
    }

    @Test
    void the_groups_filter_may_use_the_login_and_a_group_is_named_by_its_first_cn() {
        Map<String, String> s = settings();
        s.put(Settings.LDAP_GROUPS_FILTER, "(|(&(objectClass=groupOfNames)(member={dn}))(cn={login}-own))");
        assertEquals(Set.of("developers", "readers", "alice-own"), directory(s).groups("alice", "alice-secret"));
    }

    @Test
    void start_tls_is_negotiated_before_the_bind_on_a_connection_of_its_own() {
        assertEquals(Set.of("developers", "readers"), directory().groups("alice", "alice-secret"));
        List<Operation> ops = ldap.operations();
        Operation bind = ops.stream().filter(o -> o.kind().equals("BIND") && o.detail().equals(LdapServer.userDn("alice")))
                .findFirst().orElseThrow(() -> new AssertionError("no bind as alice: " + ops));
        assertTrue(ops.subList(0, ops.indexOf(bind)).stream()
                .anyMatch(o -> o.connection() == bind.connection() && o.kind().equals("STARTTLS")),
                "StartTLS on the bind's connection before the bind: " + ops);
        List<Operation> searches = ops.stream().filter(o -> o.kind().equals("SEARCH")).toList();
        assertEquals(2, searches.size(), "the user, then the groups: " + ops);
        for (Operation search : searches) {
            assertNotEquals(bind.connection(), search.connection(), "searches are not made as the user");
            assertTrue(ops.subList(0, ops.indexOf(search)).stream()
                    .anyMatch(o -> o.connection() == search.connection() && o.kind().equals("STARTTLS")),
                    "StartTLS before the search: " + ops);
        }
    }

    @Test
    void a_service_account_binds_before_the_searches_and_a_wrong_one_is_a_server_error() throws Exception {
        ldap.user("svc", "svc-secret");
        Path secret = dir.resolve("bind-password");
        Files.writeString(secret, "svc-secret\n");
        Map<String, String> s = settings();
        s.put(Settings.LDAP_BIND_DN, LdapServer.userDn("svc"));
        s.put(Settings.LDAP_BIND_PASSWORD_FILE, secret.toString());
        ldap.forget();
        assertEquals(Set.of("developers", "readers"), directory(s).groups("alice", "alice-secret"));
        List<Operation> ops = ldap.operations();
        Operation service = ops.stream().filter(o -> o.kind().equals("BIND") && o.detail().equals(LdapServer.userDn("svc")))
                .findFirst().orElseThrow(() -> new AssertionError("no bind as the service account: " + ops));
        Operation search = ops.stream().filter(o -> o.kind().equals("SEARCH")).findFirst().orElseThrow();
        assertEquals(service.connection(), search.connection(), "the searches are made as the service account: " + ops);
        assertTrue(ops.indexOf(service) < ops.indexOf(search), "bound before searching: " + ops);

        Files.writeString(secret, "wrong");
        DlrepoException e = assertThrows(DlrepoException.class, () -> directory(s).groups("alice", "alice-secret"));
        assertEquals(500, e.status(), "a broken service account is the server's problem, not a wrong password");
    }

    @Test
    void with_start_tls_off_the_connection_stays_in_clear() {
        Map<String, String> s = settings();
        s.put(Settings.LDAP_START_TLS, "0");
        assertEquals(Set.of("developers", "readers"), directory(s).groups("alice", "alice-secret"));
        assertTrue(ldap.operations().stream().noneMatch(o -> o.kind().equals("STARTTLS")), "" + ldap.operations());
        assertTrue(ldap.operations().stream().anyMatch(o -> o.kind().equals("BIND")));
    }

    @Test
    void ldaps_checks_the_password_over_tls_from_the_start() {
        Map<String, String> s = settings();
        s.put(Settings.LDAP_URL, ldap.ldapsUrl());
        assertEquals(Set.of("developers", "readers"), directory(s).groups("alice", "alice-secret"));
        assertEquals(Set.of(), directory(s).groups("alice", "wrong"));
        assertTrue(ldap.operations().stream().noneMatch(o -> o.kind().equals("STARTTLS")));
    }

    @Test
    void ignoring_passwords_skips_the_bind() {
        Map<String, String> s = settings();
        s.put(Settings.IGNORE_PASSWORDS, "1");
        assertEquals(Set.of("developers", "readers"), directory(s).groups("alice", "anything"));
        assertEquals(Set.of("developers", "readers"), directory(s).groups("alice", ""));
        assertTrue(ldap.operations().stream().noneMatch(o -> o.kind().equals("BIND")
                && o.detail().equals(LdapServer.userDn("alice"))), "" + ldap.operations());
    }

    @Test
    void a_server_certificate_signed_by_another_ca_is_unavailable_not_a_refusal() {
        Map<String, String> s = settings();
        s.put(Settings.LDAP_CA_FILE, stranger.pem().toString());
        assertUnavailable(directory(s));
        s.put(Settings.LDAP_URL, ldap.ldapsUrl());
        assertUnavailable(directory(s));
        assertTrue(ldap.operations().stream().noneMatch(o -> o.kind().equals("BIND") || o.kind().equals("SEARCH")),
                "nothing was sent over an untrusted connection: " + ldap.operations());
    }

    @Test
    void without_a_ca_file_the_jvm_trust_store_decides_and_does_not_know_a_self_signed_certificate() {
        Map<String, String> s = settings();
        s.remove(Settings.LDAP_CA_FILE);
        assertUnavailable(directory(s));
    }

    @Test
    void a_server_name_that_is_not_in_its_certificate_is_unavailable() {
        // the certificate names "localhost" only
        Map<String, String> s = settings();
        s.put(Settings.LDAP_URL, "ldap://127.0.0.1:" + ldap.ldapPort());
        assertUnavailable(directory(s));
        assertTrue(ldap.operations().stream().noneMatch(o -> o.kind().equals("BIND") || o.kind().equals("SEARCH")),
                "" + ldap.operations());
    }

    @Test
    void a_server_that_is_down_is_unavailable_not_a_refusal() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> s = settings();
        s.put(Settings.LDAP_URL, "ldap://localhost:" + port);
        assertUnavailable(directory(s));
    }

    @Test
    void an_account_is_named_by_its_entry_uuid_which_a_namesake_does_not_share() {
        // given
        ldap.user("passing", "first-secret");
        DirectoryAccount first = directory().account("passing").orElseThrow();
        // when the entry is deleted and one with the same login and DN is created
        ldap.delete(LdapServer.userDn("passing"));
        assertEquals(Optional.empty(), directory().account("passing"), "gone");
        ldap.user("passing", "second-secret");
        DirectoryAccount second = directory().account("passing").orElseThrow();
        // then
        assertTrue(first.id().matches("entryUUID:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), first.id());
        assertNotEquals(first.id(), second.id());
        assertTrue(second.created().isPresent(), "createTimestamp read");
        assertEquals(Optional.empty(), directory().account("mallory"));
    }

    @Test
    void the_account_lookup_searches_as_the_service_account_and_an_unreachable_server_is_unavailable() throws Exception {
        ldap.user("svc2", "svc2-secret");
        Path secret = dir.resolve("bind-password-2");
        Files.writeString(secret, "svc2-secret\n");
        Map<String, String> s = settings();
        s.put(Settings.LDAP_BIND_DN, LdapServer.userDn("svc2"));
        s.put(Settings.LDAP_BIND_PASSWORD_FILE, secret.toString());
        ldap.forget();
        assertTrue(directory(s).account("alice").isPresent());
        List<Operation> ops = ldap.operations();
        assertTrue(ops.stream().anyMatch(o -> o.kind().equals("BIND") && o.detail().equals(LdapServer.userDn("svc2"))), "" + ops);
        assertTrue(ops.stream().noneMatch(o -> o.kind().equals("BIND") && o.detail().equals(LdapServer.userDn("alice"))),
                "no password, no bind as the user: " + ops);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        s.put(Settings.LDAP_URL, "ldap://localhost:" + port);
        DlrepoException e = assertThrows(DlrepoException.class, () -> directory(s).account("alice"));
        assertEquals(503, e.status());
    }

    @Test
    void a_token_checks_its_ldap_account_at_most_once_per_ttl_and_not_from_the_cache_at_creation() {
        // given
        Accounts accounts = new Accounts(null, Optional.of(directory()), Duration.ofMinutes(1));
        Identity alice = new Identity("alice", Set.of("developers"), AuthMode.LDAP);
        String binding = accounts.bindingFor(alice).orElseThrow();
        ldap.forget();
        // when the token is used twice
        assertEquals(Accounts.Verdict.SAME, accounts.verify("ldap", "alice", binding));
        assertEquals(Accounts.Verdict.SAME, accounts.verify("ldap", "alice", binding));
        // then the directory was not asked: the creation's answer is fresh
        assertEquals(0, ldap.operations().stream().filter(o -> o.kind().equals("SEARCH")).count(), "" + ldap.operations());
        assertEquals(Accounts.Verdict.OTHER, accounts.verify("ldap", "alice", "entryUUID:someone-else"));
        Accounts uncached = new Accounts(null, Optional.of(directory()), Duration.ZERO);
        assertEquals(Accounts.Verdict.SAME, uncached.verify("ldap", "alice", binding));
        assertEquals(Accounts.Verdict.GONE, uncached.verify("ldap", "mallory", binding));
        assertEquals(2, ldap.operations().stream().filter(o -> o.kind().equals("SEARCH")).count(), "" + ldap.operations());
    }

    private static void assertUnavailable(LdapDirectory directory) {
        DlrepoException e = assertThrows(DlrepoException.class, () -> directory.groups("alice", "alice-secret"));
        assertEquals(503, e.status());
        assertEquals("Authentication service unavailable", e.reason());
    }
}
