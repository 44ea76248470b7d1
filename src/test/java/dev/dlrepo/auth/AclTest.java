package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream's ACL language: flags, globs, regexes, negation, $user, AND within a line, OR across. */
class AclTest {
    @TempDir
    Path dir;

    private static boolean line(String acl, String method, String path, String login) {
        return AclLine.parse(acl).map(l -> l.allows(Right.neededFor(method, path), path, login)).orElse(false);
    }

    @Test
    void access_words_need_r_and_w_means_add_delete_update() {
        assertEquals(Optional.of(EnumSet.noneOf(Right.class)), Right.parse("r"));
        assertEquals(Optional.of(EnumSet.noneOf(Right.class)), Right.parse("ro"), "o is ignored");
        assertEquals(Optional.of(EnumSet.allOf(Right.class)), Right.parse("rw"));
        assertEquals(Optional.of(EnumSet.of(Right.ADD, Right.UPDATE)), Right.parse("rau"));
        assertEquals(Optional.empty(), Right.parse("a"), "no r: the line grants nothing");
        assertEquals(Optional.empty(), Right.parse("rx"), "unknown letter");
    }

    @Test
    void methods_map_to_flags_as_upstream() {
        assertEquals(EnumSet.noneOf(Right.class), Right.neededFor("GET", "/branches/"));
        assertEquals(EnumSet.noneOf(Right.class), Right.neededFor("HEAD", "/x"));
        assertEquals(EnumSet.of(Right.ADD), Right.neededFor("PUT", "/branches/b/t/j/f/a"));
        assertEquals(EnumSet.of(Right.ADD), Right.neededFor("PATCH", "/branches/b/t/j/f/"));
        assertEquals(EnumSet.of(Right.UPDATE), Right.neededFor("POST", "/branches/b/t/"));
        assertEquals(EnumSet.of(Right.ADD), Right.neededFor("POST", "/v2/b/j/blobs/uploads/"));
        assertEquals(EnumSet.of(Right.DELETE), Right.neededFor("DELETE", "/branches/b/t/j/"));
        assertEquals(EnumSet.allOf(Right.class), Right.neededFor("PROPFIND", "/"));
    }

    @Test
    void globs_stop_at_slashes_unless_doubled_and_match_the_whole_path() {
        assertTrue(line("r /branches/*/", "GET", "/branches/main/", ""));
        assertFalse(line("r /branches/*", "GET", "/branches/main/t/", ""));
        assertTrue(line("r /branches/**", "GET", "/branches/main/t/j/f/a/b.rpm", ""));
        assertTrue(line("r /branches/ma?n/**", "GET", "/branches/main/x", ""));
        assertFalse(line("r /branches/ma?n/**", "GET", "/branches/ma/n/x", ""));
        assertFalse(line("r /branches/main", "GET", "/branches/main/", ""), "anchored at the end");
        assertFalse(line("r /branches/m.in/**", "GET", "/branches/main/x", ""), "a dot is literal");
        assertFalse(line("r /branches/(main)/**", "GET", "/branches/main/x", ""), "parentheses are literal");
    }

    @Test
    void regex_patterns_match_from_the_start_only_and_negation_inverts() {
        assertTrue(line("r ~/branches/main/tag2/", "GET", "/branches/main/tag2/j/f/x", ""), "prefix match");
        assertFalse(line("r ~/branches/main/tag2/", "GET", "/x/branches/main/tag2/", ""), "anchored at the start");
        assertTrue(line("r /products/** !/products/secret/**", "GET", "/products/p/v/", ""));
        assertFalse(line("r /products/** !/products/secret/**", "GET", "/products/secret/v/", ""));
        assertFalse(line("r /** !~/branches/.*/internal", "GET", "/branches/b/internal-x/", ""));
        assertTrue(AclLine.parse("r ~/branches/(").isEmpty(), "a broken regex ignores the line");
    }

    @Test
    void dollar_user_is_the_login_taken_literally() {
        assertTrue(line("rw /~$user/**", "PUT", "/~alice/branches/b/t/j/f/a", "alice"));
        assertFalse(line("rw /~$user/**", "PUT", "/~bob/branches/b/t/j/f/a", "alice"));
        assertFalse(line("rw /~$user/**", "PUT", "/~a.b/x", "a*b"), "a login is not a pattern");
        assertFalse(line("rw ~/~$user/", "PUT", "/~aXb/x", "a.b"), "nor a regex");
        assertFalse(line("rw /~$user/**", "PUT", "/~/x", ""), "anonymous has no home");
    }

    @Test
    void flags_must_all_be_granted_by_one_line() {
        assertFalse(line("r /**", "PUT", "/branches/b/t/j/f/a", "u"));
        assertTrue(line("ra /**", "PUT", "/branches/b/t/j/f/a", "u"));
        assertFalse(line("ra /**", "DELETE", "/branches/b/t/j/", "u"));
        assertFalse(line("ra /**", "POST", "/branches/b/t/", "u"));
        assertTrue(line("ru /**", "POST", "/branches/b/t/", "u"));
        assertTrue(line("rd /**", "DELETE", "/branches/b/t/j/", "u"));
        assertTrue(line("r /** # a comment", "GET", "/x", ""));
        assertTrue(AclLine.parse("rw").isEmpty(), "fewer than two tokens");
        assertTrue(AclLine.parse("# rw /**").isEmpty());
    }

    @Test
    void files_are_groups_any_line_of_any_group_allows_and_changes_are_picked_up() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("readers"), "r /branches/**\n");
        Files.writeString(dir.resolve("writers"), "# writers\nrw /branches/main/**\nbogus line here\n");
        Acls acls = new Acls(Settings.of(Map.of(Settings.ACLS_DIR, dir.toString())));
        Identity both = new Identity("u", Set.of("readers", "writers"), AuthMode.BASIC);
        Identity reader = new Identity("u", Set.of("readers"), AuthMode.BASIC);
        assertTrue(acls.allows(both, EnumSet.of(Right.ADD), "/branches/main/t/j/f/a"));
        assertFalse(acls.allows(reader, EnumSet.of(Right.ADD), "/branches/main/t/j/f/a"));
        assertTrue(acls.allows(reader, EnumSet.noneOf(Right.class), "/branches/x/"));
        assertEquals(Set.of("readers", "writers"), acls.groups());

        Files.writeString(dir.resolve("readers"), "rw /branches/**\n");
        acls.reload();
        assertTrue(acls.allows(reader, EnumSet.of(Right.ADD), "/branches/main/t/j/f/a"), "reloaded");
        Files.delete(dir.resolve("writers"));
        acls.reload();
        assertFalse(acls.allows(new Identity("u", Set.of("writers"), AuthMode.BASIC), EnumSet.noneOf(Right.class), "/branches/"));
    }

    @Test
    void a_missing_acl_directory_allows_nothing() {
        Acls acls = new Acls(Settings.of(Map.of(Settings.ACLS_DIR, dir.resolve("none").toString())));
        assertFalse(acls.allows(Identity.ANONYMOUS, EnumSet.noneOf(Right.class), "/"));
    }

    @Test
    void a_pattern_is_compiled_once_at_load_and_once_per_login_where_it_names_the_user() {
        // given a fixed glob and a pattern with $user
        AclPattern fixed = new AclPattern("/branches/**");
        AclPattern own = new AclPattern("/~$user/**");
        // when requests of two logins are matched, several times each
        assertTrue(own.matches("/~alice/branches/", "alice"));
        assertFalse(own.matches("/~bob/branches/", "alice"));
        assertTrue(own.matches("/~bob/x", "bob"));
        // then the fixed one is one regex for everybody, the other one regex per login, reused
        assertSame(fixed.patternFor("alice"), fixed.patternFor("bob"));
        assertSame(own.patternFor("alice"), own.patternFor("alice"), "alice's regex is reused");
        assertNotSame(own.patternFor("alice"), own.patternFor("bob"));
        assertFalse(own.patternFor("a.b").matcher("/~axb/x").matches(), "the login is literal");
    }
}
