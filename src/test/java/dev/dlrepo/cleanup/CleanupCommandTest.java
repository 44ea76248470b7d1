package dev.dlrepo.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupCommandTest {
    @TempDir
    Path root;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return CleanupCommand.run(args, env, root.resolve("no-defaults"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Two daily tags, the policy keeps one; t1's blob (5 bytes) is orphaned by its deletion. */
    private void twoTags() throws Exception {
        Fixture f = new Fixture(root);
        f.upload("main", "t1", "a", Fixture.utf8("11111"));
        f.upload("main", "t2", "a", Fixture.utf8("22222"));
        f.stamp("main", "t1", 1L);
        f.stamp("main", "t2", 2L);
        f.policy("main", "{\"max_daily_tags\": 1, \"max_released_tags\": 0}");
    }

    @Test
    void it_deletes_expired_tags_and_orphans_and_says_so_as_upstream() throws Exception {
        twoTags();
        int code = run(Map.of("DLREPO_ORPHAN_BLOB_LIFETIME", "0"), "-p", root.toString());
        assertEquals(0, code, err());
        List<String> lines = out().lines().toList();
        assertEquals("Deleting daily tag main/t1 ...", lines.get(0));
        assertEquals("Deleted 1 orphan blobs (5.0 bytes)", lines.get(1)); // upstream's formatter: one decimal under 100
        assertTrue(lines.get(2).matches("Deleted 1 tags in [0-9]+\\.[0-9]s"), lines.get(2));
        assertEquals(3, lines.size());
        assertFalse(Files.exists(root.resolve("branches/main/t1")));
        assertEquals("", err());
    }

    @Test
    void quiet_prints_nothing_and_the_dry_run_prints_the_report_and_deletes_nothing() throws Exception {
        twoTags();
        assertEquals(0, run(Map.of("DLREPO_ROOT_DIR", root.toString(), "DLREPO_ORPHAN_BLOB_LIFETIME", "0"), "--dry-run"));
        assertEquals("{\"dry_run\": true, \"orphans_only\": false, \"tags_deleted\": {\"main\": {\"daily\": [\"t1\"], "
                + "\"released\": []}}, \"orphan_blobs\": {\"count\": 1, \"bytes\": 5}, \"uploads\": {\"count\": 0, "
                + "\"bytes\": 0}, \"bytes_freed\": 5}\n", out());
        assertTrue(Files.exists(root.resolve("branches/main/t1")));
        out.reset();
        assertEquals(0, run(Map.of("DLREPO_ROOT_DIR", root.toString()), "-q"));
        assertEquals("", out());
        assertFalse(Files.exists(root.resolve("branches/main/t1")));
    }

    @Test
    void user_quotas_are_counted_again_from_the_files() throws Exception {
        Path alice = root.resolve("users/alice");
        Files.createDirectories(alice.resolve("branches/b/t/j/f"));
        Files.writeString(alice.resolve("branches/b/t/j/f/file"), "0123456789");
        Files.writeString(alice.resolve(".disk_usage"), "999999");
        assertEquals(0, run(Map.of(), "-q", "-p", root.toString()), err());
        // upstream counts every file under the user's directory, .disk_usage as it was included (6 bytes)
        assertEquals("16", Files.readString(alice.resolve(".disk_usage")));
    }

    @Test
    void usage_errors_exit_2_and_failures_print_error_and_exit_1() throws Exception {
        assertEquals(2, run(Map.of(), "--bogus"));
        assertTrue(err().startsWith(CleanupCommand.USAGE + "\ndlrepo-cleanup: error: unrecognized arguments: --bogus"), err());
        err.reset();
        assertEquals(2, run(Map.of(), "-p", root.resolve("missing").toString()));
        assertTrue(err().contains("argument -p/--root-path"), err());
        err.reset();
        // a data directory whose .blobs is a file cannot be used
        Path broken = Files.createDirectories(root.resolve("broken"));
        Files.writeString(broken.resolve(".blobs"), "not a directory");
        assertEquals(1, run(Map.of(), "-p", broken.toString()));
        assertTrue(err().startsWith("error: "), err());
    }

    @Test
    void the_root_defaults_to_the_environment_then_etc_default_dlrepo_then_the_current_directory() throws Exception {
        Path defaults = Files.writeString(root.resolve("dlrepo"), "# settings\nDLREPO_ROOT_DIR=\"/srv/dlrepo\"\n");
        assertEquals("/env", CleanupCommand.rootDir(Map.of("DLREPO_ROOT_DIR", "/env"), defaults));
        assertEquals("/srv/dlrepo", CleanupCommand.rootDir(Map.of(), defaults));
        assertEquals(Path.of("").toAbsolutePath().toString(), CleanupCommand.rootDir(Map.of(), root.resolve("none")));
    }
}
