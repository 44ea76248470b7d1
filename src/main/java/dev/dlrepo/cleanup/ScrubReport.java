package dev.dlrepo.cleanup;

import dev.dlrepo.storage.UploadsEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a scrub found: counts and one entry per problem, as JSON-ready maps. */
public final class ScrubReport {
    private final boolean repair;
    private long blobs;
    private long files;
    private long bytesHashed;
    private final List<Map<String, Object>> problems = new ArrayList<>();
    /** What {@code .uploads} holds, as found (before any repair): bodies and copies, and blobs' names. */
    private final Space stagedInUse = new Space();
    private final Space stagedLeftOver = new Space();
    private final Space namesInUse = new Space();
    private final Space namesLeftOver = new Space();

    /** Files and bytes. */
    private static final class Space {
        long count;
        long bytes;

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("bytes", bytes);
            return m;
        }
    }

    ScrubReport(boolean repair) {
        this.repair = repair;
    }

    void blobChecked(long size) {
        blobs++;
        bytesHashed += size;
    }

    void fileChecked() {
        files++;
    }

    void uploadsEntry(UploadsEntry entry) {
        Space space = entry.blobName() ? entry.inUse() ? namesInUse : namesLeftOver
                : entry.inUse() ? stagedInUse : stagedLeftOver;
        space.count++;
        space.bytes += entry.bytes();
    }

    void problem(ScrubProblem kind, String path, String digest, String detail, boolean repaired) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", kind.wireName());
        p.put("path", path);
        p.put("digest", digest);
        p.put("detail", detail);
        p.put("repaired", repaired);
        problems.add(p);
    }

    public List<Map<String, Object>> problems() {
        return problems;
    }

    /** Problems still there after the run (all of them without repair). */
    public long unrepaired() {
        return problems.stream().filter(p -> !Boolean.TRUE.equals(p.get("repaired"))).count();
    }

    private static Map<String, Object> inUseAndLeftOver(Space inUse, Space leftOver) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("in_use", inUse.toMap());
        m.put("left_over", leftOver.toMap());
        return m;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repair", repair);
        m.put("blobs_checked", blobs);
        m.put("bytes_hashed", bytesHashed);
        m.put("files_checked", files);
        Map<String, Object> space = new LinkedHashMap<>();
        space.put("staged", inUseAndLeftOver(stagedInUse, stagedLeftOver));
        space.put("blob_names", inUseAndLeftOver(namesInUse, namesLeftOver));
        m.put("uploads", space);
        m.put("problems", problems);
        m.put("unrepaired", unrepaired());
        return m;
    }
}
