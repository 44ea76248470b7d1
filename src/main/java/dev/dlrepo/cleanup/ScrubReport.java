package dev.dlrepo.cleanup;

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

    void problem(String kind, String path, String digest, String detail, boolean repaired) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", kind);
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

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repair", repair);
        m.put("blobs_checked", blobs);
        m.put("bytes_hashed", bytesHashed);
        m.put("files_checked", files);
        m.put("problems", problems);
        m.put("unrepaired", unrepaired());
        return m;
    }
}
