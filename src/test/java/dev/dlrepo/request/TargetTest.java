package dev.dlrepo.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every spelling of a path the parser must get right: the ACLs are only as good as this. The
 * container's view (second column) is what Tomcat hands over for that request line.
 */
class TargetTest {
    private static final String REFUSED = null;

    /** raw as sent, the container's path, the API's decoded path (null: refused), its route, its user. */
    private record Row(String raw, String container, String api, Route route, String user) {
    }

    private static final List<Row> TABLE = List.of(
            new Row("/branches/main/t/j/f/a.txt", "/branches/main/t/j/f/a.txt", "/branches/main/t/j/f/a.txt", Route.BRANCHES, null),
            new Row("", "", "/", Route.HOME, null),
            new Row("/", "/", "/", Route.HOME, null),
            // percent-encoding, decoded exactly once
            new Row("/branches/m%61in/", "/branches/main/", "/branches/main/", Route.BRANCHES, null),
            new Row("/%62ranches/x", "/branches/x", "/branches/x", Route.BRANCHES, null),
            new Row("/branches/%252e%252e/x", "/branches/%2e%2e/x", "/branches/%2e%2e/x", Route.BRANCHES, null),
            new Row("/a+b", "/a+b", "/a+b", Route.OTHER, null),
            new Row("/branches/%C3%A9", "/branches/\u00e9", "/branches/\u00e9", Route.BRANCHES, null),
            // traversal, plain and encoded: the views disagree, both are kept
            new Row("/branches/../admin/scrub", "/admin/scrub", "/branches/../admin/scrub", Route.BRANCHES, null),
            new Row("/branches/%2e%2e/admin", "/admin", "/branches/../admin", Route.BRANCHES, null),
            new Row("/branches/%2E%2E/tokens", "/tokens", "/branches/../tokens", Route.BRANCHES, null),
            new Row("/static/../branches/secret", "/branches/secret", "/static/../branches/secret", Route.STATIC, null),
            new Row("/branches/./main", "/branches/main", "/branches/./main", Route.BRANCHES, null),
            // empty segments
            new Row("/branches//main", "/branches/main", "/branches//main", Route.BRANCHES, null),
            new Row("//branches/main", "/branches/main", "//branches/main", Route.OTHER, null),
            // case: routes are matched as Jersey matches them, the ACL spellings lower-case names
            new Row("/BRANCHES/Main", "/BRANCHES/Main", "/BRANCHES/Main", Route.OTHER, null),
            // the user's space, with ~ sent plain or encoded in either case
            new Row("/~alice/branches/b", "/~alice/branches/b", "/~alice/branches/b", Route.BRANCHES, "alice"),
            new Row("/%7ealice/branches/b", "/~alice/branches/b", "/~alice/branches/b", Route.BRANCHES, "alice"),
            new Row("/%7EAlice/products/p", "/~Alice/products/p", "/~Alice/products/p", Route.PRODUCTS, "Alice"),
            new Row("/~alice", "/~alice", "/~alice", Route.HOME, "alice"),
            new Row("/~alice/", "/~alice/", "/~alice/", Route.HOME, "alice"),
            new Row("/~/branches", "/~/branches", "/~/branches", Route.BRANCHES, ""),
            new Row("/~alice/tokens", "/~alice/tokens", "/~alice/tokens", Route.OTHER, "alice"),
            new Row("/~alice/admin/scrub", "/~alice/admin/scrub", "/~alice/admin/scrub", Route.OTHER, "alice"),
            // the main space's own routes
            new Row("/tokens", "/tokens", "/tokens", Route.TOKENS, null),
            new Row("/tokens/abc", "/tokens/abc", "/tokens/abc", Route.TOKENS, null),
            new Row("/tokensx", "/tokensx", "/tokensx", Route.OTHER, null),
            new Row("/admin/cleanup", "/admin/cleanup", "/admin/cleanup", Route.ADMIN, null),
            new Row("/v2/", "/v2/", "/v2/", Route.REGISTRY, null),
            new Row("/v2/Main/manifests/V1", "/v2/Main/manifests/V1", "/v2/Main/manifests/V1", Route.REGISTRY, null),
            new Row("/static/app.js", "/static/app.js", "/static/app.js", Route.STATIC, null),
            new Row("/static", "/static", "/static", Route.OTHER, null),
            new Row("/favicon.ico", "/favicon.ico", "/favicon.ico", Route.STATIC, null),
            // a backslash and an encoded slash are characters of a segment, never separators
            new Row("/branches/a\\b", "/branches/a\\b", "/branches/a\\b", Route.BRANCHES, null),
            new Row("/branches/a%5cb", "/branches/a\\b", "/branches/a\\b", Route.BRANCHES, null),
            new Row("/branches/a%2fb", "/branches/a/b", "/branches/a/b", Route.BRANCHES, null),
            new Row("/branches/a%3bb", "/branches/a;b", "/branches/a;b", Route.BRANCHES, null),
            // path parameters and what cannot be decoded strictly: refused
            new Row("/branches/main;x=1/t", "/branches/main/t", REFUSED, null, null),
            new Row("/branches;/main", "/branches/main", REFUSED, null, null),
            new Row("/branches/%zz", "/branches/%zz", REFUSED, null, null),
            new Row("/branches/%2", "/branches/%2", REFUSED, null, null),
            new Row("/branches/%", "/branches/%", REFUSED, null, null),
            new Row("/branches/%C3", "/branches/", REFUSED, null, null),
            new Row("/%c0%ae%c0%ae/admin", "/admin", REFUSED, null, null), // overlong '.'
            new Row("/%e0%80%ae/admin", "/admin", REFUSED, null, null), // overlong, three bytes
            new Row("/%ed%a0%80", "/", REFUSED, null, null), // a lone surrogate in UTF-8
            new Row("/%ff", "/", REFUSED, null, null));

    @Test
    void every_spelling_of_the_table_is_parsed_or_refused_as_it_says() {
        for (Row row : TABLE) {
            Target target = Target.parse(row.raw(), row.container());
            String where = "'" + row.raw() + "'";
            assertEquals(row.api() == null, target.refused(), where);
            assertEquals(row.container().isEmpty() ? "/" : row.container(), target.container().path(), where);
            if (row.api() == null) {
                assertEquals(Set.of(), target.spellings(), where + ": nothing to check, refused");
                continue;
            }
            Address api = target.api().orElseThrow();
            assertEquals(row.api(), api.path(), where);
            assertEquals(row.route(), api.route(), where);
            assertEquals(Optional.ofNullable(row.user()), api.user(), where);
            assertTrue(target.spellings().contains(api.path()), where + ": the decoded path is checked");
            assertTrue(target.spellings().contains(target.container().path()), where + ": the container's is checked");
        }
    }

    @Test
    void traversal_is_checked_under_both_views_and_routed_by_the_container_for_the_filters() {
        Target target = Target.parse("/branches/%2e%2e/admin/scrub", "/admin/scrub");
        assertEquals(Route.ADMIN, target.container().route(), "the filters see what the container dispatches");
        assertEquals(Set.of("/branches/../admin/scrub", "/admin/scrub"), target.spellings());
    }

    @Test
    void names_are_lower_cased_in_an_extra_spelling_and_the_file_keeps_its_case() {
        Target target = Target.parse("/%7EAlice/branches/Main/T1/JOB/Bin/Foo/BAR.rpm", "/~Alice/branches/Main/T1/JOB/Bin/Foo/BAR.rpm");
        assertEquals(Set.of("/~Alice/branches/Main/T1/JOB/Bin/Foo/BAR.rpm", "/~alice/branches/main/t1/job/bin/Foo/BAR.rpm"),
                target.spellings());
    }

    @Test
    void the_lower_cased_spelling_stops_at_the_format_and_leaves_the_registry_alone() {
        assertEquals("/branches/main/t1/job/bin/Foo/BAR.rpm", Spellings.canonical("/branches/Main/T1/JOB/Bin/Foo/BAR.rpm"));
        assertEquals("/~alice/branches/main/t/j/f/A", Spellings.canonical("/~Alice/branches/Main/T/J/F/A"));
        assertEquals("/products/p/v/pb/1.0/f/X.iso", Spellings.canonical("/products/P/V/PB/1.0/F/X.iso"));
        assertEquals("/v2/Main/Job/manifests/V1", Spellings.canonical("/v2/Main/Job/manifests/V1"));
        assertEquals("/admin/scrub", Spellings.canonical("/ADMIN/Scrub"));
        assertEquals("/branches/main", Spellings.canonical("/BRANCHES/Main"), "any case of the space's word");
        assertEquals("/", Spellings.canonical("/"));
        assertEquals("/branches/", Spellings.canonical("/Branches/"));
    }

    @Test
    void the_file_below_a_format_is_the_rest_of_the_path_as_sent() {
        assertEquals(Optional.of("dir/A.txt"), Address.of("/~bob/branches/b/t/j/f/dir/A.txt").file());
        assertEquals(Optional.of("/x"), Address.of("/~bob/branches/b/t/j/f//x").file());
        assertEquals(Optional.empty(), Address.of("/~bob/branches/b/t/j/f/").file(), "the format itself");
        assertEquals(Optional.empty(), Address.of("/~bob/branches/b/t/j/f").file());
        assertEquals(Optional.empty(), Address.of("/~bob/products/p/v/b/1/f/x").file(), "products are read-only");
    }

    @Test
    void only_the_registrys_version_check_is_its_root() {
        assertTrue(Address.of("/v2").registryRoot());
        assertTrue(Address.of("/v2/").registryRoot());
        assertEquals(false, Address.of("/v2/x/tags/list").registryRoot());
        assertEquals(false, Address.of("/~alice/v2/").registryRoot());
    }
}
