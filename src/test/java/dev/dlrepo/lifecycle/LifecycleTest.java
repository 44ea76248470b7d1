package dev.dlrepo.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.NotAllowed;
import dev.dlrepo.storage.Storage;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.TagRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata, the products view, job locks and fingerprints, tag flags and aliases on a real tree. */
class LifecycleTest {
    @TempDir
    Path root;
    Repository repository;
    Lifecycle lifecycle;
    Products products;
    Storage storage;

    @BeforeEach
    void beans() {
        Settings s = Settings.of(Map.of(Settings.INTERNAL_FORMAT_FILTER, "internal"));
        storage = Storage.open(root, s);
        repository = storage.repository();
        lifecycle = new Lifecycle(storage.states(), repository);
        products = new Products(storage.states(), repository);
    }

    private static JobRef job(String tag, String job) {
        return FormatRef.of(Repo.ROOT, "main", tag, job, "x").job();
    }

    private void upload(JobRef job, String format, String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        repository.upload(job.format(format), new ArtifactPath(path), digest(bytes), new ByteArrayInputStream(bytes), false);
    }

    private void finalizeAll(JobRef job) {
        for (FormatRef f : storage.states().formatsOf(job)) {
            repository.finalizeFormat(f);
        }
    }

    private static Digest digest(byte[] bytes) {
        try {
            return Digest.parse("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> product(String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product", "Foo");
        m.put("product_variant", "x86");
        m.put("product_branch", "1.0");
        m.put("version", version);
        return m;
    }

    @Test
    void metadata_merges_lower_cases_and_false_ish_values_remove_keys() throws IOException {
        JobRef j = job("t1", "job1");
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("Build_URL", "HTTP://CI/1");
        patch.put("count", 12);
        patch.put("ratio", 0.5);
        patch.put("ok", true);
        patch.put("dropme", "");
        lifecycle.patchMetadata(j, patch);
        Path file = j.dir(root).resolve(".metadata");
        assertEquals("{\"Build_URL\": \"http://ci/1\", \"count\": \"12\", \"ok\": \"true\", \"ratio\": \"0.5\"}",
                Files.readString(file), "keys as given, values lower-cased, Python's separators, sorted");
        assertTrue(Files.exists(j.dir(root).resolve(".stamp")), "the job was created with its stamp");
        Map<String, Object> remove = new LinkedHashMap<>();
        remove.put("count", 0);
        remove.put("ok", false);
        remove.put("ratio", null);
        lifecycle.patchMetadata(j, remove);
        assertEquals("{\"Build_URL\": \"http://ci/1\"}", Files.readString(file));
        assertThrows(BadRequest.class, () -> lifecycle.patchMetadata(j, Map.of("list", List.of(1))));
        assertThrows(NotAllowed.class, () -> lifecycle.patchMetadata(job("latest", "job1"), Map.of("a", "b")));
    }

    @Test
    void the_products_view_follows_metadata_and_goes_with_the_job() throws IOException {
        JobRef j = job("t1", "job1");
        upload(j, "bin", "a.txt", "a\n");
        lifecycle.patchMetadata(j, product("1.0.0"));
        Path version = root.resolve("products/foo/x86/1.0/1.0.0");
        assertEquals(Path.of("../../../../../branches/main/t1/job1/bin"), Files.readSymbolicLink(version.resolve("bin")));
        assertEquals(Path.of("../../../../products/foo/x86/1.0/1.0.0"), Files.readSymbolicLink(j.dir(root).resolve(".product")));
        assertEquals("a\n", Files.readString(version.resolve("bin/a.txt")));
        assertTrue(Files.exists(version.resolve(".stamp")));
        assertEquals(j.format("bin"), products.format(ProductVersion.of(Repo.ROOT, "foo", "x86", "1.0", "1.0.0"), "bin", url -> true));

        // a new version moves the links; the old version, now empty, goes with its empty parents
        lifecycle.patchMetadata(j, Map.of("version", "1.0.1"));
        assertFalse(Files.exists(version));
        assertTrue(Files.isSymbolicLink(root.resolve("products/foo/x86/1.0/1.0.1/bin")));

        lifecycle.deleteJob(j);
        assertFalse(Files.exists(root.resolve("products/foo")), "nothing left of the product");
    }

    @Test
    void two_jobs_feed_one_version_and_a_format_name_can_only_come_from_one() throws IOException {
        JobRef docs = job("t1", "docs");
        JobRef bins = job("t1", "bins");
        JobRef other = job("t1", "other");
        upload(docs, "doc", "index.html", "<html/>");
        upload(bins, "rpm", "a.rpm", "rpm");
        upload(other, "rpm", "b.rpm", "other rpm");
        lifecycle.patchMetadata(docs, product("2.0"));
        lifecycle.patchMetadata(bins, product("2.0"));
        Path version = root.resolve("products/foo/x86/1.0/2.0");
        assertTrue(Files.isSymbolicLink(version.resolve("doc")));
        assertTrue(Files.isSymbolicLink(version.resolve("rpm")));

        BadRequest conflict = assertThrows(BadRequest.class, () -> lifecycle.patchMetadata(other, product("2.0")));
        assertTrue(conflict.reason().contains("File exists"), conflict.reason());
        assertFalse(Files.exists(other.dir(root).resolve(".metadata")), "nothing written for the refused job");
        assertFalse(Files.exists(other.dir(root).resolve(".product")));
        assertEquals(Path.of("../../../../../branches/main/t1/bins/rpm"), Files.readSymbolicLink(version.resolve("rpm")));

        lifecycle.deleteJob(bins);
        assertFalse(Files.exists(version.resolve("rpm"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(version.resolve("doc")), "the docs job still feeds the version");
    }

    @Test
    void links_left_dangling_by_retention_are_dropped_by_the_cleanup_step() throws IOException {
        JobRef gone = job("old", "job");
        JobRef kept = job("new", "docs");
        upload(gone, "bin", "a", "a");
        upload(kept, "doc", "i", "i");
        lifecycle.patchMetadata(gone, product("3.0"));
        lifecycle.patchMetadata(kept, product("3.0"));
        lifecycle.patchMetadata(job("old", "other"), product("4.0"));
        // retention deletes whole tags through storage, with no care for the products view
        storage.maintenance().deleteExpired(gone.tag());
        Path v3 = root.resolve("products/foo/x86/1.0/3.0");
        assertTrue(Files.isSymbolicLink(v3.resolve("bin")), "dangling for now");
        products.afterRetention();
        assertFalse(Files.exists(v3.resolve("bin"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(v3.resolve("doc")), "the live job's link stays");
        assertFalse(Files.exists(root.resolve("products/foo/x86/1.0/4.0")), "a version left empty goes");
    }

    @Test
    void locking_refuses_dirty_formats_then_writes_upstreams_fingerprint() throws IOException {
        JobRef j = job("t1", "job1");
        upload(j, "bin", "hello.txt", "hello\n");
        upload(j, "internal", "x", "not counted\n");
        Map<String, Object> meta = product("1.0.0");
        meta.put("build_url", "http://ci/1");
        lifecycle.patchMetadata(j, meta);
        BadRequest dirty = assertThrows(BadRequest.class, () -> lifecycle.setJobFlags(j, Map.of("locked", true), false));
        assertEquals("Job has dirty formats", dirty.reason());
        assertFalse(Files.exists(j.dir(root).resolve(".locked")));
        finalizeAll(j);
        // the format's .digests as upstream wrote it in the recorded exchange (transcripts.md)
        Files.writeString(j.dir(root).resolve("bin/.digests"), TRANSCRIPT_DIGESTS);

        lifecycle.setJobFlags(j, Map.of("locked", true), false);
        assertTrue(Files.exists(j.dir(root).resolve(".locked")));
        assertEquals("731684ea99e0afc42d0ace403151d9de27911531fdf6286419fa064b003045ca",
                Files.readString(j.dir(root).resolve(".digest")), "the digest upstream computed for the same job");

        assertEquals("Job is locked", assertThrows(BadRequest.class, () -> lifecycle.patchMetadata(j, Map.of("a", "b"))).reason());
        assertEquals("Job is locked", assertThrows(BadRequest.class,
                () -> lifecycle.setJobFlags(j, Map.of("internal", true), false)).reason());
        assertThrows(BadRequest.class, () -> lifecycle.setJobFlags(j, Map.of("locked", false), false), "PUT cannot unlock");
        lifecycle.setJobFlags(j, Map.of("locked", false), true);
        assertFalse(Files.exists(j.dir(root).resolve(".locked")), "POST unlocks");
        assertThrows(BadRequest.class, () -> lifecycle.setJobFlags(j, Map.of("locked", "yes"), false));
    }

    static final String TRANSCRIPT_DIGESTS = "{\".pp-ran\": \"sha256:71f1499f69cb5fb8630764bfbe52e94136b1c6f47fc17501d07e57041212915e\","
            + " \"Case.TXT\": \"sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447\","
            + " \"FINALIZED\": \"sha256:2e4c58a8c50f54e2146837ff4243aee490d8c64b822cb76327ef46c63b328867\","
            + " \"hello.txt\": \"sha256:426326e26644b03abebbfe373fb8165c2d90d79230e91e64a8693b95579f535b\","
            + " \"linked-copy.txt\": \"sha256:426326e26644b03abebbfe373fb8165c2d90d79230e91e64a8693b95579f535b\","
            + " \"notlinked.txt\": \"sha256:426326e26644b03abebbfe373fb8165c2d90d79230e91e64a8693b95579f535b\","
            + " \"sub/dir/blob.bin\": \"sha256:7f566d5d992aa7795521b410c31d323ff2c8bacebd26a98f2aae0a0db5199b6f\","
            + " \"upper.txt\": \"sha256:426326e26644b03abebbfe373fb8165c2d90d79230e91e64a8693b95579f535b\"}";

    @Test
    void tag_flags_and_descriptions_and_the_unbuilt_publish() throws IOException {
        JobRef j = job("t1", "job1");
        upload(j, "bin", "a", "a");
        TagRef tag = j.tag();
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("locked", true);
        flags.put("stable", true);
        flags.put("description", "  nightly #1 \n");
        lifecycle.setTagFlags(tag, flags);
        Path dir = tag.dir(root);
        assertTrue(Files.exists(dir.resolve(".locked")) && Files.exists(dir.resolve(".stable")));
        assertEquals("nightly #1\n", Files.readString(dir.resolve(".description")));
        assertEquals("Tag t1 is locked", assertThrows(BadRequest.class, () -> lifecycle.deleteTag(tag)).reason());
        assertTrue(Files.exists(dir), "a locked tag stays");
        lifecycle.setTagFlags(tag, Map.of("description", "", "locked", false));
        assertFalse(Files.exists(dir.resolve(".description")) || Files.exists(dir.resolve(".locked")));
        assertEquals(421, assertThrows(DlrepoException.class, () -> lifecycle.setTagFlags(tag, Map.of("released", true))).status());
        assertEquals("invalid parameters", assertThrows(BadRequest.class, () -> lifecycle.setTagFlags(tag, Map.of("stable", 1))).reason());
    }

    @Test
    void cleanup_policy_keeps_missing_keys_and_refuses_negatives() throws IOException {
        upload(job("t1", "j"), "bin", "a", "a");
        var branch = job("t1", "j").tag().branch();
        lifecycle.setCleanupPolicy(branch, Map.of("max_daily_tags", 10));
        lifecycle.setCleanupPolicy(branch, Map.of("max_released_tags", 2));
        assertEquals("{\"max_daily_tags\": 10, \"max_released_tags\": 2}", Files.readString(branch.dir(root).resolve(".cleanup_policy")));
        assertThrows(BadRequest.class, () -> lifecycle.setCleanupPolicy(branch, Map.of("max_daily_tags", -1)));
        assertThrows(BadRequest.class, () -> lifecycle.setCleanupPolicy(branch, Map.of("max_daily_tags", "3")));
        assertThrows(BadRequest.class, () -> lifecycle.setCleanupPolicy(branch, Map.of("max_daily_tags", 1.5)));
    }

    @Test
    void a_policy_post_keeps_the_other_value_as_retention_reads_it() throws IOException {
        // given a branch whose policy file says true (a Python int: 1) for max_daily_tags
        upload(job("t1", "j"), "bin", "a", "a");
        var branch = job("t1", "j").tag().branch();
        Files.writeString(branch.dir(root).resolve(".cleanup_policy"), "{\"max_daily_tags\": true, \"max_released_tags\": 2.5}");
        // when only max_released_tags is posted
        lifecycle.setCleanupPolicy(branch, Map.of("max_released_tags", 3));
        // then max_daily_tags keeps the value retention applied before: 1
        assertEquals("{\"max_daily_tags\": 1, \"max_released_tags\": 3}", Files.readString(branch.dir(root).resolve(".cleanup_policy")));
    }

    @Test
    void aliases_pick_by_stamp_among_readable_tags() throws IOException {
        for (String t : List.of("t1", "t2", "t3", "t4")) {
            upload(job(t, "j"), "bin", "a", t);
        }
        stamp("t1", 100);
        stamp("t2", 300);
        stamp("t3", 200);
        stamp("t4", 300); // same second as t2: the name that sorts first counts as newer
        Files.createFile(job("t1", "j").tag().dir(root).resolve(".stable"));
        Files.createFile(job("t3", "j").tag().dir(root).resolve(".stable"));
        TagRef any = job("latest", "j").tag();
        assertEquals("t2", lifecycle.aliasOf(any, u -> true).orElseThrow().name().value());
        assertEquals("t4", lifecycle.aliasOf(any, u -> !u.contains("/t2/")).orElseThrow().name().value());
        assertEquals("t3", lifecycle.aliasOf(job("stable", "j").tag(), u -> true).orElseThrow().name().value());
        assertEquals("t1", lifecycle.aliasOf(job("oldstable", "j").tag(), u -> true).orElseThrow().name().value());
        assertEquals(Optional.empty(), lifecycle.aliasOf(job("oldstable", "j").tag(), u -> !u.contains("/t1/")));
    }

    private void stamp(String tag, long seconds) throws IOException {
        Files.setLastModifiedTime(job(tag, "j").tag().dir(root).resolve(".stamp"), FileTime.fromMillis(seconds * 1000));
    }
}
