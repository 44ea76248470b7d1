package dev.dlrepo.api;

import dev.dlrepo.storage.BranchInfo;
import dev.dlrepo.storage.BranchSummary;
import dev.dlrepo.storage.CleanupPolicy;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatInfo;
import dev.dlrepo.storage.JobInfo;
import dev.dlrepo.storage.JobSummary;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.TagInfo;
import dev.dlrepo.storage.TagSummary;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Upstream's JSON shapes, keys in upstream's order. */
final class Views {
    static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8");
    static final MediaType TEXT = MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8");

    private Views() {
    }

    static Response json(Object entity) {
        return Response.ok(new Json(entity), JSON).build();
    }

    static Response json(Response.Status status, Object entity) {
        return Response.status(status).entity(new Json(entity)).type(JSON).build();
    }

    static Response text(String body) {
        return Response.ok(body, TEXT).build();
    }

    static Map<String, Object> branches(List<BranchSummary> branches) {
        List<Object> out = new ArrayList<>();
        for (BranchSummary b : branches) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("daily_tags", b.dailyTags());
            m.put("released_tags", b.releasedTags());
            m.put("locked_tags", b.lockedTags());
            m.put("stable_tags", b.stableTags());
            m.put("max_daily_tags", b.policy().maxDailyTags());
            m.put("max_released_tags", b.policy().maxReleasedTags());
            out.add(m);
        }
        return Map.of("branches", out);
    }

    static Map<String, Object> users(List<Name> users) {
        List<Object> out = new ArrayList<>();
        users.forEach(u -> out.add(Map.of("name", u.value())));
        return Map.of("users", out);
    }

    static Map<String, Object> home(String user, long diskUsage, long quota, List<BranchSummary> branches) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", user);
        m.put("disk_usage", diskUsage);
        m.put("quota", quota);
        m.put("branches", branches(branches).get("branches"));
        return m;
    }

    static Map<String, Object> branch(BranchInfo branch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", branch.name());
        m.put("cleanup_policy", policy(branch.policy()));
        List<Object> tags = new ArrayList<>();
        branch.tags().forEach(t -> tags.add(tagSummary(t, true)));
        m.put("tags", tags);
        return Map.of("branch", m);
    }

    private static Map<String, Object> policy(CleanupPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_daily_tags", p.maxDailyTags());
        m.put("max_released_tags", p.maxReleasedTags());
        return m;
    }

    private static Map<String, Object> tagSummary(TagSummary t, boolean withTimestamp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        if (withTimestamp) {
            m.put("timestamp", t.timestamp());
        }
        m.put("released", t.released());
        m.put("locked", t.locked());
        m.put("stable", t.stable());
        m.put("publish_status", t.publishStatus().orElse(null));
        m.put("description", t.description().orElse(null));
        return m;
    }

    /** Jobs filtered by query: every {@code k=v} keeps jobs whose metadata {@code k} reads {@code v}. */
    static Map<String, Object> tag(TagInfo tag, MultivaluedMap<String, String> filters) {
        Map<String, Object> m = tagSummary(tag.tag(), false);
        List<Object> jobs = new ArrayList<>();
        for (JobSummary job : tag.jobs()) {
            if (matches(job, filters)) {
                jobs.add(jobSummary(job));
            }
        }
        m.put("jobs", jobs);
        return Map.of("tag", m);
    }

    private static boolean matches(JobSummary job, MultivaluedMap<String, String> filters) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            Object value = job.metadata().get(f.getKey());
            String text = value instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(value);
            if (value == null || !f.getValue().contains(text)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> jobSummary(JobSummary job) {
        Map<String, Object> m = new LinkedHashMap<>(job.metadata());
        m.put("locked", job.locked());
        m.put("name", job.name());
        m.put("released", job.released());
        return m;
    }

    static Map<String, Object> job(JobInfo job) {
        Map<String, Object> m = jobSummary(job.summary());
        m.put("internal", job.internal());
        m.put("timestamp", job.timestamp());
        m.put("digest", job.digest());
        m.put("artifact_formats", job.formats());
        return Map.of("job", m);
    }

    static Map<String, Object> format(FormatInfo format) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", format.name());
        m.put("internal", format.internal());
        m.put("dirty", format.dirty());
        m.put("files", format.files());
        return Map.of("artifact_format", m);
    }

    /** {@code POST /admin/reload}: the groups that have an ACL file now. */
    static Map<String, Object> aclGroups(Set<String> groups) {
        return Map.of("acl_groups", groups);
    }

    /** {@code <hex>  <path>\n} for every sha256 entry, in path order; others are skipped. */
    static String sha256Lines(Map<String, String> digests) {
        StringBuilder out = new StringBuilder();
        digests.forEach((path, digest) -> {
            if (digest.regionMatches(true, 0, "sha256:", 0, 7)) {
                out.append(digest.substring(7).toLowerCase(java.util.Locale.ROOT)).append("  ").append(path).append('\n');
            }
        });
        return out.toString();
    }

    static String sha256Line(Digest digest, String fileName) {
        return digest.hex() + "  " + fileName + "\n";
    }
}
