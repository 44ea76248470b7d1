package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dlrepo.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {
    @TempDir
    Path dir;

    private AuthFile authFile(String content, String ignorePasswords) throws IOException {
        Path file = dir.resolve("auth");
        Files.writeString(file, content);
        return new AuthFile(Settings.of(Map.of(Settings.AUTH_FILE, file.toString(), Settings.IGNORE_PASSWORDS, ignorePasswords)));
    }

    @Test
    void the_last_colon_before_the_groups_ends_the_password() throws IOException {
        AuthFile f = authFile("""
                alice:se:cr:et:devs ops
                bob:pw:devs devs
                nogroup:pw:
                # comment:x:y
                bad line
                carol:pw:bad/group
                """, "0");
        assertEquals(Optional.of(Set.of("devs", "ops")), f.check("alice", "se:cr:et"));
        assertEquals(Optional.empty(), f.check("alice", "se"));
        assertEquals(Optional.of(Set.of("devs")), f.check("bob", "pw"), "duplicate groups are one");
        assertEquals(Optional.empty(), f.check("nogroup", "pw"), "a user without groups is no user");
        assertEquals(Optional.empty(), f.check("carol", "pw"), "group names are words");
        assertEquals(Optional.empty(), f.check("nobody", "pw"));
        assertEquals(Optional.empty(), f.check("Alice", "se:cr:et"), "logins are exact");
    }

    @Test
    void ignoring_passwords_needs_only_the_login() throws IOException {
        AuthFile f = authFile("alice:secret:devs\n", "1");
        assertEquals(Optional.of(Set.of("devs")), f.check("alice", "anything"));
        assertEquals(Optional.empty(), f.check("bob", "anything"));
    }

    @Test
    void a_missing_file_knows_nobody() {
        AuthFile f = new AuthFile(Settings.of(Map.of(Settings.AUTH_FILE, dir.resolve("none").toString())));
        assertEquals(Optional.empty(), f.check("alice", "x"));
    }
}
