package dev.dlrepo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings are one snapshot, parsed when it is made: a bad value never waits for a request. */
class SettingsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DLREPO_USER_QUOTA           | -1",
        "DLREPO_USER_QUOTA           | 10G",
        "DLREPO_CHUNK_SIZE           | 12",
        "DLREPO_POST_PROCESS_TIMEOUT | 0",
        "DLREPO_TAG_CLEANUP_PERIOD   | 1.5",
        "DLREPO_LDAP_TIMEOUT         | 99999999999999999999",
        "DLREPO_POST_PROCESS_FILTER  | (.+\\.rpm",
        "DLREPO_INTERNAL_FORMAT_FILTER | [a-",
        "DLREPO_MIN_FREE_SPACE       | -1",
        "DLREPO_MIN_FREE_SPACE       | 1X",
        "DLREPO_MIN_FREE_SPACE       | 1.5G",
        "DLREPO_MIN_FREE_SPACE       | 99999999T",
    })
    void a_bad_value_is_refused_when_the_snapshot_is_made_naming_its_setting(String name, String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Settings.of(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
    }

    @Test
    void the_free_space_floor_is_bytes_with_an_optional_unit_and_off_by_default() {
        assertEquals(0L, Settings.of(Map.of()).minFreeSpace());
        assertEquals(1000L, Settings.of(Map.of("DLREPO_MIN_FREE_SPACE", "1000")).minFreeSpace());
        assertEquals(512L << 10, Settings.of(Map.of("DLREPO_MIN_FREE_SPACE", "512k")).minFreeSpace());
        assertEquals(1L << 30, Settings.of(Map.of("DLREPO_MIN_FREE_SPACE", "1G")).minFreeSpace());
        assertEquals(2L << 40, Settings.of(Map.of("DLREPO_MIN_FREE_SPACE", " 2 T ")).minFreeSpace());
    }

    @Test
    void every_name_is_looked_up_once_and_never_again() {
        Map<String, AtomicInteger> asked = new HashMap<>();
        Settings s = DeployedSettings.read(name -> {
            asked.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            return name.equals(Settings.USER_QUOTA) ? "42" : null;
        });
        s.userQuota();
        s.get(Settings.LDAP_URL);
        s.authFile();
        assertEquals(DeployedSettings.NAMES.size(), asked.size());
        asked.forEach((name, n) -> assertEquals(1, n.get(), name));
        assertTrue(asked.containsKey(Settings.ORPHAN_BLOB_LIFETIME) && asked.containsKey(Settings.ROOT_DIR));
        assertEquals(42L, s.userQuota());
    }

    @Test
    void a_named_auth_file_or_acl_directory_that_is_missing_fails_the_deployment() throws IOException {
        Path auth = Files.writeString(dir.resolve("auth"), "alice:pw:dev\n");
        Path acls = Files.createDirectory(dir.resolve("acls"));
        Map<String, String> good = Map.of(Settings.AUTH_FILE, auth.toString(), Settings.ACLS_DIR, acls.toString());
        assertEquals(auth, DeployedSettings.read(good::get).authFile());

        Map<String, String> noFile = Map.of(Settings.AUTH_FILE, dir.resolve("auht").toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeployedSettings.read(noFile::get));
        assertTrue(e.getMessage().startsWith("DLREPO_AUTH_FILE: "), e.getMessage());
        Map<String, String> noDir = Map.of(Settings.ACLS_DIR, dir.resolve("alcs").toString());
        e = assertThrows(IllegalStateException.class, () -> DeployedSettings.read(noDir::get));
        assertTrue(e.getMessage().startsWith("DLREPO_ACLS_DIR: "), e.getMessage());
    }

    @Test
    void files_the_mode_does_not_read_and_unnamed_defaults_are_not_required() {
        String missing = dir.resolve("missing").toString();
        DeployedSettings.read(Map.of(Settings.AUTH_DISABLED, "1", Settings.AUTH_FILE, missing, Settings.ACLS_DIR, missing)::get);
        DeployedSettings.read(Map.of(Settings.LDAP_URL, "ldap://localhost", Settings.AUTH_FILE, missing)::get);
        DeployedSettings.read(Map.<String, String>of()::get); // /etc/dlrepo/auth and acls need not exist
    }
}
