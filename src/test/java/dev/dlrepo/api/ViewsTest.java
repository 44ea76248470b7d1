package dev.dlrepo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dlrepo.auth.CreatedToken;
import dev.dlrepo.auth.TokenInfo;
import dev.dlrepo.lifecycle.VersionSummary;
import dev.dlrepo.storage.BranchInfo;
import dev.dlrepo.storage.BranchSummary;
import dev.dlrepo.storage.CleanupPolicy;
import dev.dlrepo.storage.FormatInfo;
import dev.dlrepo.storage.JobInfo;
import dev.dlrepo.storage.JobSummary;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.TagInfo;
import dev.dlrepo.storage.TagSummary;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every collection's JSON, as the bytes {@link JsonWriter} sends, against upstream's: the
 * expected strings are the bodies recorded from upstream (shared/spec/transcripts.md) and, for
 * what upstream renders as HTML only or does not have, the shapes of docs/api.md.
 */
class ViewsTest {
    static final double T1 = 1795584285.1579583;
    static final double T2 = 1795584286.7309463;
    static final Map<String, Object> METADATA = metadata();

    @Test
    void the_branches_listing() throws IOException {
        assertEquals("{\"branches\": []}", bytes(Views.branches(List.of())));
        assertEquals("{\"branches\": [{\"name\": \"main\", \"daily_tags\": 1, \"released_tags\": 1, \"locked_tags\": 0, "
                + "\"stable_tags\": 1, \"max_daily_tags\": 0, \"max_released_tags\": 0}]}",
                bytes(Views.branches(List.of(new BranchSummary("main", 1, 1, 0, 1, new CleanupPolicy(0, 0))))));
    }

    @Test
    void a_branch_with_its_policy_and_tags() throws IOException {
        BranchInfo branch = new BranchInfo("main", new CleanupPolicy(5, 2), List.of(
                new TagSummary("t1", T1, true, false, true, Optional.of("published to http://127.0.0.1:18338"),
                        Optional.of("nightly build #1")),
                new TagSummary("t2", T2, false, false, false, Optional.empty(), Optional.empty())));
        assertEquals("{\"branch\": {\"name\": \"main\", \"cleanup_policy\": {\"max_daily_tags\": 5, \"max_released_tags\": 2}, "
                + "\"tags\": [{\"name\": \"t1\", \"timestamp\": 1795584285.1579583, \"released\": true, \"locked\": false, "
                + "\"stable\": true, \"publish_status\": \"published to http://127.0.0.1:18338\", \"description\": \"nightly build #1\"}, "
                + "{\"name\": \"t2\", \"timestamp\": 1795584286.7309463, \"released\": false, \"locked\": false, \"stable\": false, "
                + "\"publish_status\": null, \"description\": null}]}}", bytes(Views.branch(branch)));
    }

    @Test
    void a_tag_with_its_jobs_each_its_metadata_then_its_flags() throws IOException {
        TagInfo tag = new TagInfo(new TagSummary("t1", T1, true, false, true, Optional.of("published to http://127.0.0.1:18338"),
                Optional.of("nightly build #1")),
                List.of(new JobSummary("job1", METADATA, true, true), new JobSummary("job2", Map.of(), true, false)));
        assertEquals("{\"tag\": {\"name\": \"t1\", \"released\": true, \"locked\": false, \"stable\": true, "
                + "\"publish_status\": \"published to http://127.0.0.1:18338\", \"description\": \"nightly build #1\", "
                + "\"jobs\": [{\"build_url\": \"http://ci/1\", \"product\": \"foo\", \"product_branch\": \"1.0\", "
                + "\"product_variant\": \"x86\", \"version\": \"1.0.0\", \"locked\": true, \"name\": \"job1\", \"released\": true}, "
                + "{\"locked\": true, \"name\": \"job2\", \"released\": false}]}}", bytes(Views.tag(tag, new MultivaluedHashMap<>())));
    }

    @Test
    void a_tag_filtered_by_query_keeps_the_jobs_whose_metadata_reads_so() throws IOException {
        TagInfo tag = new TagInfo(new TagSummary("t1", T1, false, false, false, Optional.empty(), Optional.empty()),
                List.of(new JobSummary("job1", METADATA, true, false), new JobSummary("job2", Map.of("ok", true), true, false)));
        assertEquals("{\"tag\": {\"name\": \"t1\", \"released\": false, \"locked\": false, \"stable\": false, "
                + "\"publish_status\": null, \"description\": null, \"jobs\": [{\"build_url\": \"http://ci/1\", "
                + "\"product\": \"foo\", \"product_branch\": \"1.0\", \"product_variant\": \"x86\", \"version\": \"1.0.0\", "
                + "\"locked\": true, \"name\": \"job1\", \"released\": false}]}}", bytes(Views.tag(tag, query("product", "foo"))));
        // Python's str() of a boolean
        assertEquals(List.of("job2"), names(Views.tag(tag, query("ok", "True"))));
        assertEquals(List.of(), names(Views.tag(tag, query("ok", "true"))));
        assertEquals(List.of(), names(Views.tag(tag, query("missing", "None"))));
    }

    @Test
    void a_job_with_its_metadata_flags_fingerprint_and_formats() throws IOException {
        JobInfo job = new JobInfo(new JobSummary("job1", METADATA, true, false), false, T1,
                "731684ea99e0afc42d0ace403151d9de27911531fdf6286419fa064b003045ca", List.of("bin"));
        assertEquals("{\"job\": {\"build_url\": \"http://ci/1\", \"product\": \"foo\", \"product_branch\": \"1.0\", "
                + "\"product_variant\": \"x86\", \"version\": \"1.0.0\", \"locked\": true, \"name\": \"job1\", \"released\": false, "
                + "\"internal\": false, \"timestamp\": 1795584285.1579583, "
                + "\"digest\": \"731684ea99e0afc42d0ace403151d9de27911531fdf6286419fa064b003045ca\", \"artifact_formats\": [\"bin\"]}}",
                bytes(Views.job(job)));
        assertEquals("{\"job\": {\"locked\": false, \"name\": \"job1\", \"released\": false, \"internal\": false, "
                + "\"timestamp\": 1795584285.1579583, \"digest\": \"\", \"artifact_formats\": [\"bin\"]}}",
                bytes(Views.job(new JobInfo(new JobSummary("job1", Map.of(), false, false), false, T1, "", List.of("bin")))));
    }

    @Test
    void a_format_with_its_flags_and_files() throws IOException {
        assertEquals("{\"artifact_format\": {\"name\": \"bin\", \"internal\": false, \"dirty\": true, "
                + "\"files\": [\"Case.TXT\", \"hello.txt\", \"sub/dir/blob.bin\"]}}",
                bytes(Views.format(new FormatInfo("bin", false, true, List.of("Case.TXT", "hello.txt", "sub/dir/blob.bin")))));
    }

    @Test
    void the_products_view_level_by_level() throws IOException {
        assertEquals("{\"products\": [{\"name\": \"foo\"}]}", bytes(ProductViews.products(List.of("foo"))));
        assertEquals("{\"product\": {\"name\": \"foo\", \"product_variants\": [{\"name\": \"x86\"}]}}",
                bytes(ProductViews.product("foo", List.of("x86"))));
        assertEquals("{\"product_variant\": {\"name\": \"x86\", \"product_branches\": [{\"name\": \"1.0\"}]}}",
                bytes(ProductViews.variant("x86", List.of("1.0"))));
        assertEquals("{\"product_branch\": {\"name\": \"1.0\", \"versions\": [{\"name\": \"1.0.0\", "
                + "\"timestamp\": 1795584285.9601047, \"locked\": false, \"released\": false, \"stable\": false}]}}",
                bytes(ProductViews.branch("1.0", List.of(new VersionSummary("1.0.0", 1795584285.9601047, false, false, false)))));
        assertEquals("{\"version\": {\"name\": \"1.0.0\", \"artifact_formats\": [\"bin\"]}}",
                bytes(ProductViews.version("1.0.0", List.of("bin"))));
    }

    @Test
    void the_user_repositories_and_a_users_home() throws IOException {
        assertEquals("{\"users\": [{\"name\": \"alice\"}, {\"name\": \"bob\"}]}",
                bytes(Views.users(List.of(new Name("alice"), new Name("bob")))));
        assertEquals("{\"user\": \"alice\", \"disk_usage\": 1234, \"quota\": 10737418240, \"branches\": [{\"name\": \"main\", "
                + "\"daily_tags\": 2, \"released_tags\": 0, \"locked_tags\": 0, \"stable_tags\": 0, \"max_daily_tags\": 0, "
                + "\"max_released_tags\": 0}]}",
                bytes(Views.home("alice", 1234, 10737418240L, List.of(new BranchSummary("main", 2, 0, 0, 0, new CleanupPolicy(0, 0))))));
    }

    @Test
    void tokens_never_show_their_value_but_once() throws IOException {
        TokenInfo used = new TokenInfo("a1b2", "ci", Instant.parse("2026-03-01T10:00:00Z"),
                Optional.of(Instant.parse("2027-01-01T00:00:00Z")), Optional.of(Instant.parse("2026-03-02T08:00:00Z")));
        TokenInfo fresh = new TokenInfo("c3d4", "laptop", Instant.parse("2026-03-01T11:00:00Z"), Optional.empty(), Optional.empty());
        assertEquals("{\"tokens\": [{\"id\": \"a1b2\", \"name\": \"ci\", \"created\": \"2026-03-01T10:00:00Z\", "
                + "\"expires\": \"2027-01-01T00:00:00Z\", \"last_used\": \"2026-03-02T08:00:00Z\"}, {\"id\": \"c3d4\", "
                + "\"name\": \"laptop\", \"created\": \"2026-03-01T11:00:00Z\", \"expires\": null, \"last_used\": null}]}",
                bytes(TokenViews.tokens(List.of(used, fresh))));
        assertEquals("{\"id\": \"c3d4\", \"name\": \"laptop\", \"token\": \"dlrepo_c3d4_secret\", "
                + "\"created\": \"2026-03-01T11:00:00Z\", \"expires\": null}",
                bytes(TokenViews.created(new CreatedToken(fresh, "dlrepo_c3d4_secret"))));
    }

    @Test
    void a_reload_names_the_groups_with_an_acl_file() throws IOException {
        assertEquals("{\"acl_groups\": [\"developers\", \"readers\"]}",
                bytes(Views.aclGroups(new TreeSet<>(List.of("readers", "developers")))));
    }

    @Test
    void the_sha256_listing_of_a_format_and_of_a_file() {
        Map<String, String> digests = new java.util.TreeMap<>(Map.of(
                "a.txt", "sha256:" + "ab".repeat(32), "b.txt", "md5:" + "cd".repeat(16), "c/d.txt", "SHA256:" + "EF".repeat(32)));
        assertEquals("ab".repeat(32) + "  a.txt\n" + "ef".repeat(32) + "  c/d.txt\n", Views.sha256Lines(digests));
    }

    /** The body as {@link JsonWriter} writes it, and the length it declares. */
    private static String bytes(Object view) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultivaluedHashMap<String, Object> headers = new MultivaluedHashMap<>();
        new JsonWriter().writeTo(new Json(view), Json.class, Json.class, new Annotation[0], MediaType.APPLICATION_JSON_TYPE,
                headers, out);
        assertEquals(out.size(), headers.getFirst("Content-Length"));
        return out.toString(StandardCharsets.US_ASCII);
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> tagView) {
        Map<String, Object> tag = (Map<String, Object>) tagView.get("tag");
        return ((List<Map<String, Object>>) tag.get("jobs")).stream().map(j -> (String) j.get("name")).toList();
    }

    private static MultivaluedHashMap<String, String> query(String key, String value) {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.add(key, value);
        return query;
    }

    private static Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("build_url", "http://ci/1");
        m.put("product", "foo");
        m.put("product_branch", "1.0");
        m.put("product_variant", "x86");
        m.put("version", "1.0.0");
        return m;
    }
}
