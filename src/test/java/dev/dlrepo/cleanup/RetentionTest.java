package dev.dlrepo.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.CleanupPolicy;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.TagState;
import dev.dlrepo.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetentionTest {
    static final BranchRef MAIN = BranchRef.of(Repo.ROOT, "main");

    /** {@code name:stamp[:R][:L]}: R = released, L = locked, stamp in seconds (0 = no stamp). */
    static List<TagState> tags(String spec) {
        List<TagState> out = new ArrayList<>();
        for (String t : spec.split(" ")) {
            String[] p = t.split(":");
            String flags = p.length > 2 ? p[2] : "";
            out.add(new TagState(MAIN.tag(p[0]), Instant.ofEpochSecond(Long.parseLong(p[1])),
                    flags.contains("L"), flags.contains("R")));
        }
        return out;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // policy (daily, released), tags, expired in deletion order
                Arguments.of("no policy keeps everything", 0, 0, "a:1 b:2 c:3:R", ""),
                Arguments.of("negative limits keep everything", -1, -5, "a:1 b:2 c:3:R", ""),
                Arguments.of("oldest daily tags go", 2, 0, "a:1 b:4 c:3 d:2", "d a"),
                Arguments.of("limit above the count keeps all", 5, 5, "a:1 b:2:R", ""),
                Arguments.of("released limit leaves daily tags alone", 0, 1, "a:1:R b:2:R c:3:R d:0", "b a"),
                Arguments.of("daily and released counted apart", 1, 1, "a:1 b:2:R c:3 d:4:R", "a b"),
                Arguments.of("locked tags are neither deleted nor counted", 1, 0, "a:9:L b:2 c:3 d:1:L", "b"),
                Arguments.of("locked released tags stay too", 0, 1, "a:1:RL b:2:R c:3:R", "b"),
                Arguments.of("equal stamps keep name order: later names go first", 1, 0, "c:5 a:5 b:5", "b c"),
                Arguments.of("a missing stamp is the oldest", 1, 0, "a:0 b:1", "a"),
                Arguments.of("stable does not matter, released does", 1, 0, "a:1 b:2 c:3:R", "a"),
                Arguments.of("limit 1 of one tag keeps it", 1, 1, "a:1 b:1:R", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_policy_expires_exactly_these_tags(String title, long daily, long released, String tags, String expected) {
        List<String> names = Retention.expired(tags(tags), new CleanupPolicy(daily, released)).stream()
                .map(t -> t.ref().name().value()).toList();
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), names, title);
    }

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of("{\"max_daily_tags\": 3, \"max_released_tags\": 2}", 3, 2),
                Arguments.of("{\"max_daily_tags\": 3}", 3, 0),
                Arguments.of("{\"max_daily_tags\": 2.5, \"max_released_tags\": \"4\"}", 0, 0),
                Arguments.of("{\"max_daily_tags\": true, \"max_released_tags\": false}", 1, 0),
                Arguments.of("{\"max_daily_tags\": null}", 0, 0),
                Arguments.of("[1, 2]", 0, 0),
                Arguments.of("not json", 0, 0),
                Arguments.of(null, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void the_policy_file_is_read_as_upstream_reads_it(String content, long daily, long released, @TempDir Path root)
            throws Exception {
        Files.createDirectories(root.resolve("branches/main"));
        if (content != null) {
            Files.writeString(root.resolve("branches/main/.cleanup_policy"), content);
        }
        assertEquals(new CleanupPolicy(daily, released), Storage.open(root, dev.dlrepo.config.Settings.of(java.util.Map.of())).maintenance().policy(MAIN));
    }

    @Test
    void a_full_run_deletes_expired_tags_of_the_root_repository_only(@TempDir Path root) throws Exception {
        // given a branch keeping 1 daily and 1 released tag, with 3 daily, 2 released and a locked tag
        Fixture f = new Fixture(root, "DLREPO_ORPHAN_BLOB_LIFETIME", "0");
        for (String t : List.of("d1", "d2", "d3", "r1", "r2", "l1")) {
            f.upload("main", t, "f.txt", Fixture.utf8("content of " + t));
        }
        long s = 1_700_000_000L;
        f.stamp("main", "d1", s + 1);
        f.stamp("main", "d2", s + 2);
        f.stamp("main", "d3", null);
        f.stamp("main", "r1", s + 3);
        f.stamp("main", "r2", s + 4);
        f.stamp("main", "l1", s);
        f.flag("main", "r1", ".released");
        f.flag("main", "r2", ".released");
        f.flag("main", "l1", ".locked");
        f.policy("main", "{\"max_daily_tags\": 1, \"max_released_tags\": 1}");
        // and a user's repository with the same policy file, never expired
        f.upload(dev.dlrepo.storage.FormatRef.of(Repo.ofUser(dev.dlrepo.storage.Name.of("joe")), "main", "u1", "job", "bin"),
                "f.txt", Fixture.utf8("u1"));
        f.upload(dev.dlrepo.storage.FormatRef.of(Repo.ofUser(dev.dlrepo.storage.Name.of("joe")), "main", "u2", "job", "bin"),
                "f.txt", Fixture.utf8("u2"));
        Files.writeString(root.resolve("users/joe/branches/main/.cleanup_policy"), "{\"max_daily_tags\": 1}");
        // when a full cleanup runs
        CleanupReport report = f.cleanup.run(false);
        // then the older daily tags and the older released tag are gone, with their unique blobs
        assertEquals(List.of("d1", "d3", "r1"), report.tags().stream().map(t -> t.ref().name().value()).toList());
        for (String gone : List.of("d1", "d3", "r1")) {
            assertFalse(Files.exists(f.tagDir("main", gone)), gone);
            assertFalse(Files.exists(f.blob(Fixture.utf8("content of " + gone))), "blob of " + gone);
        }
        for (String kept : List.of("d2", "r2", "l1")) {
            assertTrue(Files.exists(f.tagDir("main", kept).resolve("job/bin/f.txt")), kept);
        }
        assertTrue(Files.exists(root.resolve("users/joe/branches/main/u1/job/bin/f.txt")), "user repositories are not expired");
        assertEquals(3L, report.orphans().blobs());
    }
}
