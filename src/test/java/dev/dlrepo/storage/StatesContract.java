package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.BadRequest;
import dev.dlrepo.testing.Threads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@link States} facade promises, black-box: through its methods, and by reading the data
 * directory for upstream's files (layout.md §5-§6): empty flag files, {@code .digest} and
 * {@code .metadata} as written, {@code .cleanup_policy} in upstream's bytes, relative symbolic
 * links of the products view. Artifacts are made through {@link Repository}, as a request would.
 * Every wiring of the storage must pass it ({@link LocalStatesContractTest}).
 */
abstract class StatesContract {
    /** One wiring of the storage on a data directory. */
    interface Wiring extends AutoCloseable {
        Repository repository();

        States states();

        @Override
        void close();
    }

    protected abstract Wiring open(Path root, Settings settings);

    @TempDir
    Path tmp;
    Path root;
    Wiring wiring;
    Repository repository;
    States states;

    final FormatRef bin = FormatRef.of(Repo.ROOT, "main", "t1", "job-a", "bin");
    final JobRef job = bin.job();
    final TagRef tag = job.tag();
    final BranchRef branch = tag.branch();
    final ProductVersion version = ProductVersion.of(Repo.ROOT, "foo", "x86", "1.0", "1.0.3");

    @BeforeEach
    final void openStates() throws IOException {
        root = Files.createDirectory(tmp.resolve("data"));
        wiring = open(root, Settings.of(Map.of(Settings.INTERNAL_FORMAT_FILTER, "debug")));
        repository = wiring.repository();
        states = wiring.states();
    }

    @AfterEach
    final void closeStates() {
        wiring.close();
    }

    // --- what exists, in order -----------------------------------------------------------

    @Test
    void branches_tags_jobs_and_formats_are_listed_in_name_order_with_only_names_a_request_could_make() throws IOException {
        upload(bin, "a", "a");
        upload(bin.job().tag().job("job-b").format("doc"), "b", "b");
        upload(job.format("rpm"), "c", "c");
        Files.createDirectory(tag.dir(root).resolve(".hidden"));
        Files.writeString(job.dir(root).resolve("not-a-dir"), "x");
        assertEquals(List.of(tag), states.tags(branch));
        assertEquals(List.of(job, tag.job("job-b")), states.jobs(tag));
        assertEquals(List.of(bin, job.format("rpm")), states.formatsOf(job));
        assertTrue(states.exists(branch) && states.exists(tag) && states.exists(job));
        assertFalse(states.exists(tag.job("nope")));
        assertTrue(states.isInternal(job.format("debug-info")));
        assertFalse(states.isInternal(bin));
    }

    @Test
    void a_created_job_has_its_stamp_and_its_tags() {
        states.createJob(job);
        assertTrue(Files.isRegularFile(tag.dir(root).resolve(".stamp")));
        assertTrue(Files.isRegularFile(job.dir(root).resolve(".stamp")));
        assertTrue(states.timestamp(tag) > 0, "the tag's creation time is its stamp's");
    }

    // --- flags ---------------------------------------------------------------------------

    @Test
    void flags_are_upstreams_empty_files_set_and_cleared() throws IOException {
        states.createJob(job);
        states.setInternal(job, true);
        states.setLocked(tag, true);
        states.setStable(tag, true);
        assertEquals(0L, Files.size(job.dir(root).resolve(".internal")));
        assertEquals(0L, Files.size(tag.dir(root).resolve(".locked")));
        assertEquals(0L, Files.size(tag.dir(root).resolve(".stable")));
        assertTrue(states.locked(tag) && states.stable(tag));
        states.setInternal(job, false);
        states.setLocked(tag, false);
        states.setStable(tag, false);
        assertFalse(Files.exists(job.dir(root).resolve(".internal")));
        assertFalse(states.locked(tag) || states.stable(tag));
        // a flag another server (upstream's publish) wrote is seen
        Files.createFile(job.dir(root).resolve(".released"));
        assertTrue(states.released(job));
    }

    @Test
    void a_job_is_locked_with_its_fingerprint_first_and_its_formats_folded() throws IOException {
        upload(bin, "a", "a");
        upload(bin, "b", "b");
        repository.finalizeFormat(bin);
        states.lock(job, "0123abcd");
        assertEquals("0123abcd", Files.readString(job.dir(root).resolve(".digest")), "no newline, as upstream");
        assertTrue(states.locked(job));
        assertFalse(Files.exists(bin.dir(root).resolve(".digests.journal")), "the tree of a locked job is upstream's");
        states.unlock(job);
        assertFalse(states.locked(job));
        assertTrue(Files.exists(job.dir(root).resolve(".digest")), "the fingerprint stays, as upstream leaves it");
    }

    @Test
    void the_folded_digests_are_the_bytes_of_upstreams_file() throws IOException {
        upload(bin, "a", "a");
        byte[] folded = states.foldedDigests(bin);
        assertArrayEquals(Files.readAllBytes(bin.dir(root).resolve(".digests")), folded);
        assertEquals("{\"a\": \"" + sha256("a") + "\"}", new String(folded, StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[0], states.foldedDigests(job.format("none")), "no file: nothing to hash");
    }

    @Test
    void a_format_is_dirty_until_it_is_finalized() {
        upload(bin, "a", "a");
        assertTrue(states.dirty(bin));
        repository.finalizeFormat(bin);
        assertFalse(states.dirty(bin));
    }

    // --- small files ---------------------------------------------------------------------

    @Test
    void metadata_is_written_whole_and_read_back_as_json_values() throws IOException {
        states.createJob(job);
        assertEquals(Map.of(), states.metadata(job));
        assertArrayEquals(new byte[0], states.metadataBytes(job));
        byte[] json = "{\"count\": \"12\", \"product\": \"foo\"}".getBytes(StandardCharsets.UTF_8);
        states.writeMetadata(job, json);
        assertArrayEquals(json, Files.readAllBytes(job.dir(root).resolve(".metadata")));
        assertArrayEquals(json, states.metadataBytes(job));
        assertEquals(Map.of("count", "12", "product", "foo"), states.metadata(job));
        Files.writeString(job.dir(root).resolve(".metadata"), "{not json");
        assertEquals(Map.of(), states.metadata(job), "unreadable metadata reads as none");
    }

    @Test
    void a_description_is_one_line_and_none_removes_the_file() throws IOException {
        states.createJob(job);
        states.setDescription(tag, Optional.of("nightly build"));
        assertEquals("nightly build\n", Files.readString(tag.dir(root).resolve(".description")));
        states.setDescription(tag, Optional.empty());
        assertFalse(Files.exists(tag.dir(root).resolve(".description")));
    }

    @Test
    void the_cleanup_policy_is_written_in_upstreams_bytes_and_read_back() throws IOException {
        states.createJob(job);
        assertEquals(new CleanupPolicy(0, 0), states.policy(branch), "none: every tag is kept");
        states.writePolicy(branch, new CleanupPolicy(10, 2));
        assertEquals("{\"max_daily_tags\": 10, \"max_released_tags\": 2}",
                Files.readString(branch.dir(root).resolve(".cleanup_policy")));
        assertEquals(new CleanupPolicy(10, 2), states.policy(branch));
    }

    @Test
    void regular_file_names_below_a_directory_of_a_format_are_listed_sorted() throws IOException {
        FormatRef container = job.format("container");
        Path manifests = Files.createDirectories(container.dir(root).resolve("manifests/sha256"));
        Files.writeString(manifests.resolve("bb"), "x");
        Files.writeString(manifests.resolve("aa"), "x");
        assertEquals(Optional.of(List.of("aa", "bb")), states.fileNames(container, "manifests/sha256", 2));
        assertEquals(Optional.empty(), states.fileNames(container, "blobs", 2), "not a directory");
    }

    // --- the products view ---------------------------------------------------------------

    @Test
    void a_job_is_linked_into_its_version_by_relative_links_and_unlinked_with_the_version() throws IOException {
        upload(bin, "a", "a");
        states.linkProduct(job, version);
        Path versionDir = root.resolve("products/foo/x86/1.0/1.0.3");
        assertEquals(Path.of("../../../../../branches/main/t1/job-a/bin"), Files.readSymbolicLink(versionDir.resolve("bin")));
        assertEquals(Path.of("../../../../products/foo/x86/1.0/1.0.3"), Files.readSymbolicLink(job.dir(root).resolve(".product")));
        assertTrue(Files.isRegularFile(versionDir.resolve(".stamp")));
        assertEquals(List.of(new Name("bin")), states.productNames(version));
        assertEquals(Optional.of(bin), states.productTarget(version, new Name("bin")));
        assertEquals(List.of("foo"), states.productChildren(Repo.ROOT, List.of()));
        assertEquals(List.of("1.0.3"), states.productChildren(Repo.ROOT, List.of(new Name("foo"), new Name("x86"), new Name("1.0"))));
        assertTrue(states.exists(version) && states.productExists(Repo.ROOT, List.of(new Name("foo"))));
        // when unlinked: the version had nothing else, it goes with its empty parents
        states.unlinkProduct(job, Optional.empty());
        assertFalse(Files.exists(root.resolve("products/foo")));
        assertFalse(Files.exists(job.dir(root).resolve(".product"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void a_name_linked_to_another_jobs_format_is_refused_before_anything_is_made() throws IOException {
        upload(bin, "a", "a");
        FormatRef other = tag.job("job-b").format("bin");
        upload(other, "b", "b");
        states.linkProduct(job, version);
        BadRequest refused = assertThrows(BadRequest.class, () -> states.checkProductLinks(other.job(), version));
        assertEquals("[Errno 17] File exists: 'bin'", refused.reason());
        assertFalse(Files.exists(other.job().dir(root).resolve(".product"), LinkOption.NOFOLLOW_LINKS));
        states.checkProductLinks(job, version); // its own links are no conflict
    }

    @Test
    void a_link_leading_out_of_its_repository_or_nowhere_names_no_format() throws IOException {
        upload(bin, "a", "a");
        states.linkProduct(job, version);
        Path versionDir = version.dir(root);
        Path outside = Files.createDirectories(tmp.resolve("outside/fmt"));
        Files.createSymbolicLink(versionDir.resolve("evil"), outside);
        Files.createSymbolicLink(versionDir.resolve("gone"), versionDir.relativize(tag.job("gone").format("x").dir(root)));
        assertEquals(Optional.empty(), states.productTarget(version, new Name("evil")));
        assertEquals(Optional.empty(), states.productTarget(version, new Name("gone")));
        assertEquals(List.of(new Name("bin"), new Name("evil"), new Name("gone")), states.productNames(version));
    }

    @Test
    void links_whose_job_was_deleted_are_dropped_with_the_versions_left_empty() throws IOException {
        upload(bin, "a", "a");
        FormatRef kept = tag.job("job-b").format("doc");
        upload(kept, "d", "d");
        states.linkProduct(job, version);
        states.linkProduct(kept.job(), version);
        ProductVersion alone = ProductVersion.of(Repo.ROOT, "foo", "x86", "1.0", "0.9");
        FormatRef old = BranchRef.of(Repo.ROOT, "main").tag("t0").job("old").format("bin");
        upload(old, "o", "o");
        states.linkProduct(old.job(), alone);
        // when retention deletes jobs without a care for the products view
        repository.deleteJob(job);
        repository.deleteJob(old.job());
        states.dropDanglingProductLinks();
        // then the dangling links go, the live one stays, and a version left empty goes
        assertFalse(Files.exists(version.dir(root).resolve("bin"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(version.dir(root).resolve("doc")));
        assertFalse(Files.exists(alone.dir(root)));
    }

    // --- locks ---------------------------------------------------------------------------

    @Test
    void an_upload_into_a_job_waits_while_the_job_and_its_formats_are_locked() throws Exception {
        upload(bin, "a", "a");
        CompletableFuture<?>[] upload = new CompletableFuture<?>[1];
        states.withJobAndFormatsLocked(job, () -> {
            // a link by digest: no body to stream, so what it waits for is the format's lock
            upload[0] = Threads.untilItWaits(() -> repository.link(bin, new ArtifactPath("b"), Digest.parse(sha256("a")),
                    false, url -> true));
            assertFalse(upload[0].isDone(), "no file lands in the job meanwhile");
            assertFalse(repository.digests(bin).containsKey("b"));
        });
        upload[0].get(10, TimeUnit.SECONDS);
        assertTrue(repository.digests(bin).containsKey("b"));
    }

    @Test
    void a_change_of_a_job_waits_for_another_change_of_the_same_job() throws Exception {
        states.createJob(job);
        CompletableFuture<?>[] other = new CompletableFuture<?>[1];
        states.withJobLock(job, () -> {
            other[0] = Threads.untilItWaits(() -> states.withJobLock(job, () -> states.setInternal(job, true)));
            assertFalse(other[0].isDone());
            assertFalse(Files.exists(job.dir(root).resolve(".internal")));
        });
        other[0].get(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(job.dir(root).resolve(".internal")));
    }

    // --- helpers -------------------------------------------------------------------------

    Stored upload(FormatRef ref, String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return repository.upload(ref, new ArtifactPath(path), Digest.parse(sha256(content)), new ByteArrayInputStream(bytes), false);
    }

    static String sha256(String content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
