package dev.dlrepo.cleanup;

import dev.dlrepo.storage.Swept;
import dev.dlrepo.storage.TagState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a cleanup deleted, or in a dry run would delete, with the bytes freed. */
public final class CleanupReport {
    private final boolean dryRun;
    private final boolean orphansOnly;
    private final List<TagState> tags = new ArrayList<>();
    private Swept swept = new Swept(0, 0, 0, 0);

    CleanupReport(boolean dryRun, boolean orphansOnly) {
        this.dryRun = dryRun;
        this.orphansOnly = orphansOnly;
    }

    void tagDeleted(TagState tag) {
        tags.add(tag);
    }

    void swept(Swept s) {
        this.swept = s;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** The tags deleted, in the order they went. */
    public List<TagState> tags() {
        return List.copyOf(tags);
    }

    public Swept orphans() {
        return swept;
    }

    public long bytesFreed() {
        return swept.blobBytes() + swept.uploadBytes();
    }

    /**
     * {@code {"dry_run": false, "orphans_only": false, "tags_deleted": {"main": {"daily": ["t1"],
     * "released": []}}, "orphan_blobs": {"count": 2, "bytes": 10}, "uploads": {"count": 0, "bytes": 0},
     * "bytes_freed": 10}}; branches by name, tags in the order they went.
     */
    public Map<String, Object> toMap() {
        Map<String, Map<String, List<String>>> byBranch = new TreeMap<>();
        for (TagState t : tags) {
            Map<String, List<String>> lists = byBranch.computeIfAbsent(t.ref().branch().name().value(), b -> {
                Map<String, List<String>> m = new LinkedHashMap<>();
                m.put("daily", new ArrayList<>());
                m.put("released", new ArrayList<>());
                return m;
            });
            lists.get(t.released() ? "released" : "daily").add(t.ref().name().value());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dry_run", dryRun);
        m.put("orphans_only", orphansOnly);
        m.put("tags_deleted", byBranch);
        m.put("orphan_blobs", count(swept.blobs(), swept.blobBytes()));
        m.put("uploads", count(swept.uploads(), swept.uploadBytes()));
        m.put("bytes_freed", bytesFreed());
        return m;
    }

    private static Map<String, Object> count(long count, long bytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("bytes", bytes);
        return m;
    }
}
