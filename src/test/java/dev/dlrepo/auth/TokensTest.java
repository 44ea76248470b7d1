package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.Forbidden;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.Storage;
import dev.dlrepo.storage.TokenFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    @TempDir
    Path root;
    @TempDir
    Path etc;
    Path authFilePath;
    AuthFile authFile;
    TokenFiles files;
    MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    Tokens tokens;
    Identity alice = new Identity("alice", Set.of("dev", "ops"), AuthMode.BASIC);

    @BeforeEach
    void store() throws Exception {
        authFilePath = etc.resolve("auth");
        Files.writeString(authFilePath, "alice:secret:dev ops\nbob:other:dev\n");
        authFile = new AuthFile(Settings.of(Map.of(Settings.AUTH_FILE, authFilePath.toString())));
        files = Storage.open(root, Settings.of(Map.of())).tokens();
        tokens = new Tokens(files, authFile, new Accounts(authFile, Optional.empty(), Duration.ZERO), clock);
    }

    @Test
    void a_new_token_authenticates_its_own_login_with_the_creators_groups() {
        // given
        CreatedToken created = tokens.create(alice, request("ci", null));
        // when
        Optional<Identity> who = tokens.authenticate("alice", created.token());
        // then
        assertTrue(created.token().matches("dlrepo_[0-9a-f]{16}_[0-9a-f]{64}"), created.token());
        assertTrue(created.token().startsWith("dlrepo_" + created.info().id() + "_"));
        assertEquals(Optional.of(new Identity("alice", Set.of("dev", "ops"), AuthMode.TOKEN)), who);
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), created.info().created());
        assertEquals(Optional.empty(), created.info().expires());
    }

    @Test
    void a_token_is_refused_for_another_login_and_with_a_wrong_secret() {
        // given
        String token = tokens.create(alice, request("ci", null)).token();
        String wrongSecret = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");
        // then
        assertEquals(Optional.empty(), tokens.authenticate("bob", token), "another login");
        assertEquals(Optional.empty(), tokens.authenticate("Alice", token), "the login as created, exactly");
        assertEquals(Optional.empty(), tokens.authenticate("alice", wrongSecret), "one hex digit changed");
        assertEquals(Optional.empty(), tokens.authenticate("alice", "dlrepo_garbage"));
    }

    @Test
    void only_the_hash_of_the_secret_reaches_the_disk_in_a_file_only_the_server_can_read() throws Exception {
        // given
        CreatedToken created = tokens.create(alice, request("ci", null));
        String secret = created.token().substring(created.token().lastIndexOf('_') + 1);
        // when
        Path file = root.resolve(".tokens/alice.json");
        String content = Files.readString(file, StandardCharsets.UTF_8);
        // then
        assertFalse(content.contains(secret), "no secret on disk");
        assertTrue(content.contains(new ApiToken(created.info().id(), secret).hash()), "its SHA-256 is");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(".tokens"))));
        try (var left = Files.list(root.resolve(".tokens"))) {
            assertEquals(1, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void a_revoked_token_no_longer_authenticates_and_the_others_still_do() {
        // given
        CreatedToken first = tokens.create(alice, request("first", null));
        CreatedToken second = tokens.create(alice, request("second", null));
        // when
        tokens.revoke(alice, first.info().id());
        // then
        assertEquals(Optional.empty(), tokens.authenticate("alice", first.token()));
        assertTrue(tokens.authenticate("alice", second.token()).isPresent());
        assertEquals(1, tokens.list(alice).size());
        assertEquals("second", tokens.list(alice).get(0).name());
        assertThrows(NotFound.class, () -> tokens.revoke(alice, first.info().id()), "already revoked");
    }

    @Test
    void nobody_revokes_or_sees_another_users_token() {
        // given
        CreatedToken token = tokens.create(alice, request("ci", null));
        Identity bob = new Identity("bob", Set.of("dev"), AuthMode.BASIC);
        Identity aliceOtherCase = new Identity("ALICE", Set.of("dev"), AuthMode.LDAP); // shares alice's file
        // then
        assertThrows(NotFound.class, () -> tokens.revoke(bob, token.info().id()));
        assertThrows(NotFound.class, () -> tokens.revoke(aliceOtherCase, token.info().id()));
        assertEquals(0, tokens.list(bob).size());
        assertEquals(0, tokens.list(aliceOtherCase).size());
        assertTrue(tokens.authenticate("alice", token.token()).isPresent());
    }

    @Test
    void a_token_stops_working_when_it_expires() {
        // given
        CreatedToken token = tokens.create(alice, request("ci", 30));
        assertEquals(Optional.of(Instant.parse("2026-03-31T10:00:00Z")), token.info().expires());
        // when
        clock.now = Instant.parse("2026-03-31T09:59:59Z");
        Optional<Identity> before = tokens.authenticate("alice", token.token());
        clock.now = Instant.parse("2026-03-31T10:00:00Z");
        Optional<Identity> at = tokens.authenticate("alice", token.token());
        // then
        assertTrue(before.isPresent(), "a second before");
        assertEquals(Optional.empty(), at, "at the expiry");
    }

    @Test
    void an_expiry_in_the_past_or_too_far_away_is_refused() {
        assertThrows(BadRequest.class, () -> tokens.create(alice, TokenRequest.parse(
                "{\"name\": \"x\", \"expires\": \"2026-03-01T09:59:59Z\"}".getBytes(StandardCharsets.UTF_8))));
        assertThrows(BadRequest.class, () -> tokens.create(alice, TokenRequest.parse(
                "{\"name\": \"x\", \"expires\": \"2046-03-01T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8))));
        CreatedToken ok = tokens.create(alice, TokenRequest.parse(
                "{\"name\": \"x\", \"expires\": \"2026-04-01T12:00:00+02:00\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of(Instant.parse("2026-04-01T10:00:00Z")), ok.info().expires());
    }

    @Test
    void removing_a_user_from_the_auth_file_ends_their_tokens_and_removing_a_group_narrows_them() throws Exception {
        // given
        String aliceToken = tokens.create(alice, request("ci", null)).token();
        String bobToken = tokens.create(new Identity("bob", Set.of("dev"), AuthMode.BASIC), request("ci", null)).token();
        // when
        Files.writeString(authFilePath, "alice:secret:dev admins\n");
        authFile.reload();
        // then
        assertEquals(Optional.empty(), tokens.authenticate("bob", bobToken), "bob is gone");
        assertEquals(Set.of("dev"), tokens.authenticate("alice", aliceToken).orElseThrow().groups(),
                "ops was removed; admins was never the token's");
    }

    @Test
    void tokens_of_users_from_elsewhere_keep_the_groups_they_had_at_creation() {
        // given a user a trusted proxy named, unknown to the auth file
        Identity carol = new Identity("carol", Set.of("qa"), AuthMode.HEADER);
        String token = tokens.create(carol, request("ci", null)).token();
        // then
        assertEquals(Optional.of(new Identity("carol", Set.of("qa"), AuthMode.TOKEN)), tokens.authenticate("carol", token));
        assertFalse(tokens.list(carol).isEmpty());
    }

    @Test
    void a_token_cannot_create_tokens_and_an_anonymous_request_has_none() {
        Identity byToken = new Identity("alice", Set.of("dev"), AuthMode.TOKEN);
        assertThrows(Forbidden.class, () -> tokens.create(byToken, request("again", null)));
        assertThrows(BadRequest.class, () -> tokens.create(Identity.NOBODY_CHECKS, request("x", null)));
    }

    @Test
    void a_user_holds_a_bounded_number_of_tokens() {
        for (int i = 0; i < Tokens.MAX_PER_LOGIN; i++) {
            tokens.create(alice, request("t" + i, null));
        }
        assertThrows(BadRequest.class, () -> tokens.create(alice, request("one-too-many", null)));
        assertEquals(Tokens.MAX_PER_LOGIN, tokens.list(alice).size());
    }

    @Test
    void the_last_use_is_recorded_at_most_once_an_hour() {
        // given
        CreatedToken token = tokens.create(alice, request("ci", null));
        // when
        tokens.authenticate("alice", token.token());
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        tokens.authenticate("alice", token.token());
        // then
        assertEquals(Optional.of(Instant.parse("2026-03-01T10:00:00Z")), tokens.list(alice).get(0).lastUsed());
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        tokens.authenticate("alice", token.token());
        assertEquals(Optional.of(Instant.parse("2026-03-01T11:01:00Z")), tokens.list(alice).get(0).lastUsed());
    }

    @Test
    void bad_requests_are_refused_with_a_reason() {
        for (String body : new String[] {"", "[]", "{}", "{\"name\": 3}", "{\"name\": \"\"}", "{\"name\": \"a/b\"}",
                "{\"name\": \"" + "x".repeat(65) + "\"}", "{\"name\": \"x\", \"expires_in_days\": 0}",
                "{\"name\": \"x\", \"expires_in_days\": 1.5}", "{\"name\": \"x\", \"expires\": \"tomorrow\"}",
                "{\"name\": \"x\", \"expires\": \"2027-01-01T00:00:00Z\", \"expires_in_days\": 3}",
                "{\"name\": \"x\", \"admin\": true}", "{\"name\": \"line\\nbreak\"}"}) {
            assertThrows(BadRequest.class, () -> TokenRequest.parse(body.getBytes(StandardCharsets.UTF_8)), body);
        }
    }

    @Test
    void login_file_names_cannot_leave_the_tokens_directory() {
        Identity odd = new Identity("../Evil/x", Set.of("dev"), AuthMode.HEADER);
        tokens.create(odd, request("ci", null));
        assertTrue(Files.isRegularFile(root.resolve(".tokens/%2E%2E%2Fevil%2Fx.json")));
        assertEquals(1, tokens.list(odd).size());
    }

    private static TokenRequest request(String name, Integer days) {
        return new TokenRequest(name, Optional.empty(), Optional.ofNullable(days));
    }

    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void the_tokens_of_a_login_removed_from_the_auth_file_stay_dead_when_the_login_comes_back() throws Exception {
        // given a token of alice's
        String token = tokens.create(alice, request("ci", null)).token();
        // when alice leaves the auth file and the token is tried
        Files.writeString(authFilePath, "bob:other:dev\n");
        authFile.reload();
        assertEquals(Optional.empty(), tokens.authenticate("alice", token));
        // then a new alice, later, does not inherit it
        Files.writeString(authFilePath, "alice:new-person:dev ops\nbob:other:dev\n");
        authFile.reload();
        assertEquals(Optional.empty(), tokens.authenticate("alice", token), "revoked for good");
        assertEquals(0, tokens.list(new Identity("alice", Set.of("dev", "ops"), AuthMode.BASIC)).size());
    }

    @Test
    void a_login_removed_and_added_again_for_someone_else_before_any_use_does_not_inherit_the_tokens() throws Exception {
        // given a token of alice's
        String token = tokens.create(alice, request("ci", null)).token();
        // when alice leaves the auth file and a new alice comes, before the token is ever tried
        Files.writeString(authFilePath, "bob:other:dev\n");
        authFile.reload();
        Files.writeString(authFilePath, "alice:new-person:dev ops\nbob:other:dev\n");
        authFile.reload();
        // then the new alice does not have the old alice's token
        assertEquals(Optional.empty(), tokens.authenticate("alice", token));
        assertEquals(Optional.empty(), tokens.authenticate("alice", token), "still refused");
    }

    @Test
    void a_password_change_ends_the_tokens_made_before_it_and_a_group_change_does_not() throws Exception {
        // given two tokens of alice's, one made before and one after a group change
        String before = tokens.create(alice, request("before", null)).token();
        Files.writeString(authFilePath, "alice:secret:dev ops qa\nbob:other:dev\n");
        authFile.reload();
        assertTrue(tokens.authenticate("alice", before).isPresent(), "same password, other groups: same account");
        // when her password changes
        Files.writeString(authFilePath, "alice:changed:dev ops\nbob:other:dev\n");
        authFile.reload();
        String after = tokens.create(new Identity("alice", Set.of("dev", "ops"), AuthMode.BASIC), request("after", null)).token();
        // then the old token is refused and revoked, the new one works
        assertEquals(Optional.empty(), tokens.authenticate("alice", before));
        assertTrue(tokens.authenticate("alice", after).isPresent());
        assertEquals(1, tokens.list(alice).size(), "the refused token was revoked");
    }

    @Test
    void the_token_file_holds_neither_the_password_nor_a_fast_hash_of_it() throws Exception {
        // given
        tokens.create(alice, request("ci", null));
        // when
        String content = Files.readString(root.resolve(".tokens/alice.json"), StandardCharsets.UTF_8);
        // then
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("secret".getBytes(StandardCharsets.UTF_8)));
        assertFalse(content.contains("secret"), content);
        assertFalse(content.contains(sha256), content);
        assertTrue(content.matches("(?s).*\"account\" : \"pbkdf2-sha256:100000:[0-9a-f]{32}:[0-9a-f]{64}\".*"), content);
    }

    @Test
    void a_token_stored_before_accounts_were_recorded_is_bound_to_the_account_at_its_first_use() throws Exception {
        // given a token entry as older servers wrote it: no "account"
        String token = tokens.create(alice, request("old", null)).token();
        Path file = root.resolve(".tokens/alice.json");
        Files.writeString(file, Files.readString(file).replaceAll("\"account\" : \"[^\"]*\",\\s*", ""));
        assertFalse(Files.readString(file).contains("account"), "an old record");
        // when it is used
        assertTrue(tokens.authenticate("alice", token).isPresent(), "old records keep working");
        // then it is bound to alice's account from then on
        assertTrue(Files.readString(file).contains("\"account\" : \"pbkdf2-sha256:"), Files.readString(file));
        Files.writeString(authFilePath, "alice:new-person:dev ops\n");
        authFile.reload();
        assertEquals(Optional.empty(), tokens.authenticate("alice", token), "another alice");
    }
}
