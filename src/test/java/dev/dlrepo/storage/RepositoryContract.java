package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.DigestMismatch;
import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.NotAllowed;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.error.QuotaExceeded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@link Repository} facade promises, stated once, black-box: through its public
 * methods, and by reading the data directory for the invariants of the tree (hard links and
 * their counts, blobs 0444, upstream's {@code .digests}, nothing left in {@code .uploads}).
 *
 * <p>This is the one suite every wiring of the storage must pass: the local one
 * ({@link LocalRepositoryContractTest}, from {@link Storage#open}) and any other that comes
 * (several nodes on one shared file system, another file system). A subclass only says how to
 * open a repository on a data directory with a post-process and a quota; the tests of the parts
 * behind the facade (journal, locks, link limit, races) stay in their own classes.
 *
 * <p>Each wiring gets the same two collaborators: {@link Signing}, a post-process that appends a
 * signature to every {@code .rpm} of a format it is given (and applies to no other format), and
 * {@link Counting}, a quota that counts each repository's bytes and refuses past
 * {@link #QUOTA} bytes. The only writes the tests make behind the facade's back are upstream's
 * flag files ({@code .locked}, {@code .released}, which lifecycle writes) and symbolic links,
 * which no request can make.
 */
abstract class RepositoryContract {
    static final long QUOTA = 1000;
    static final String SIGNATURE = "== signed ==\n";
    static final Predicate<String> EVERYTHING = url -> true;
    static final Predicate<String> NOTHING = url -> false;

    /** One wiring of the storage on a data directory; closing it stops whatever runs in the background. */
    interface Wiring extends AutoCloseable {
        Repository repository();

        @Override
        void close();
    }

    /** Opens the implementation under test on the data directory {@code root}. */
    protected abstract Wiring open(Path root, Settings settings, PostProcess postProcess, Quota quota);

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    Counting quota;
    Wiring wiring;
    Repository repository;

    final FormatRef jobA = FormatRef.of(Repo.ROOT, "main", "t1", "job-a", "bin");
    final FormatRef jobB = FormatRef.of(Repo.ROOT, "main", "t1", "job-b", "bin");
    final Name alice = new Name("alice");
    final FormatRef aliceBin = FormatRef.of(Repo.ofUser(alice), "main", "t1", "job-a", "bin");

    @BeforeEach
    final void openRepository() throws IOException {
        root = Files.createDirectory(tmp.resolve("data"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        quota = new Counting();
        wiring = open(root, Settings.of(Map.of()), new Signing(), quota);
        repository = wiring.repository();
    }

    @AfterEach
    final void closeRepository() {
        wiring.close();
    }

    // --- uploads -------------------------------------------------------------------------

    @Test
    void an_upload_is_a_hard_link_of_a_read_only_blob_of_its_bytes() throws IOException {
        // when
        Stored stored = upload(jobA, "a.txt", "hello\n");
        // then
        assertEquals(new Stored(sha256("hello\n"), 6), stored);
        Path file = file(jobA, "a.txt");
        assertEquals(inode(blob("hello\n")), inode(file), "the file is the blob's inode");
        assertEquals(2L, nlink(blob("hello\n")), "blob + one link");
        assertEquals("r--r--r--", mode(blob("hello\n")));
        assertEquals("hello\n", Files.readString(file));
        assertEquals(0, uploadsLeft());
    }

    @Test
    void an_upload_with_a_wrong_digest_is_refused_with_422_and_nothing_is_kept() throws IOException {
        // when the body is not the bytes its digest names
        DlrepoException refused = assertThrows(DigestMismatch.class, () -> repository.upload(jobA,
                new ArtifactPath("a.txt"), sha256("announced\n"), body("sent\n"), false));
        // then
        assertEquals(422, refused.status());
        assertFalse(Files.exists(file(jobA, "a.txt"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(blob("announced\n")));
        assertFalse(Files.exists(blob("sent\n")));
        assertEquals(0, uploadsLeft());
    }

    @Test
    void a_wrong_digest_naming_stored_bytes_is_refused_and_links_nothing() throws IOException {
        // given the announced bytes are stored already
        upload(jobA, "a.txt", "stored\n");
        // when other bytes come with their digest
        assertThrows(DigestMismatch.class, () -> repository.upload(jobB, new ArtifactPath("a.txt"),
                sha256("stored\n"), body("other\n"), false));
        // then
        assertFalse(Files.exists(file(jobB, "a.txt"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(2L, nlink(blob("stored\n")), "blob + job A only");
        assertEquals(0, uploadsLeft());
    }

    @Test
    void bytes_already_stored_become_one_more_link_of_the_same_blob() throws IOException {
        // given
        upload(jobA, "a.txt", "same\n");
        Object blobInode = inode(blob("same\n"));
        // when
        upload(jobB, "sub/b.txt", "same\n");
        // then
        assertEquals(blobInode, inode(blob("same\n")), "the blob is kept, never replaced");
        assertEquals(blobInode, inode(file(jobB, "sub/b.txt")));
        assertEquals(3L, nlink(blob("same\n")), "blob + two links");
        assertEquals(0, uploadsLeft());
    }

    @Test
    void a_re_upload_of_a_path_replaces_its_file_and_its_digest() throws IOException {
        // given
        upload(jobA, "a.txt", "first\n");
        // when
        upload(jobA, "a.txt", "second\n");
        // then
        assertEquals("second\n", Files.readString(file(jobA, "a.txt")));
        assertEquals(inode(blob("second\n")), inode(file(jobA, "a.txt")));
        assertEquals(1L, nlink(blob("first\n")), "the old blob is an orphan now");
        assertEquals(Map.of("a.txt", sha256("second\n").toString()), repository.digests(jobA));
        assertEquals(sha256("second\n"), repository.file(jobA, new ArtifactPath("a.txt")).digest().orElseThrow());
        assertEquals(0, uploadsLeft());
    }

    @Test
    void a_re_upload_of_the_same_bytes_changes_nothing() throws IOException {
        // given
        upload(jobA, "a.txt", "same\n");
        Object fileInode = inode(file(jobA, "a.txt"));
        // when
        upload(jobA, "a.txt", "same\n");
        // then
        assertEquals(fileInode, inode(file(jobA, "a.txt")));
        assertEquals(2L, nlink(blob("same\n")), "blob + one link");
        assertEquals(0, uploadsLeft());
    }

    @Test
    void an_upload_into_an_alias_tag_is_not_allowed() {
        FormatRef latest = FormatRef.of(Repo.ROOT, "main", "latest", "job-a", "bin");
        assertThrows(NotAllowed.class, () -> upload(latest, "a.txt", "x"));
        assertFalse(Files.exists(latest.job().tag().dir(root)));
    }

    @Test
    void a_container_format_is_written_by_a_peer_server_only() throws IOException {
        FormatRef container = FormatRef.of(Repo.ROOT, "main", "t1", "job-a", "container");
        assertThrows(BadRequest.class, () -> upload(container, "manifest.json", "{}"));
        assertFalse(Files.exists(file(container, "manifest.json")));
        repository.upload(container, new ArtifactPath("manifest.json"), sha256("{}"), body("{}"), true);
        assertEquals("{}", Files.readString(file(container, "manifest.json")));
    }

    @Test
    void an_upload_into_a_locked_job_is_refused() throws IOException {
        // given (lifecycle locks a job with upstream's flag file)
        upload(jobA, "a.txt", "x");
        Files.createFile(jobA.job().dir(root).resolve(".locked"));
        // when, then
        assertEquals("Cannot upload files in locked jobs",
                assertThrows(BadRequest.class, () -> upload(jobA, "b.txt", "y")).reason());
        assertFalse(Files.exists(file(jobA, "b.txt")));
        assertEquals(0, uploadsLeft());
    }

    // --- links by digest -----------------------------------------------------------------

    @Test
    void a_link_by_digest_of_a_readable_holder_is_one_more_link_of_its_blob() throws IOException {
        // given
        upload(jobA, "a.txt", "shared\n");
        // when
        Stored linked = repository.link(jobB, new ArtifactPath("c/a.txt"), sha256("shared\n"), false, EVERYTHING);
        // then
        assertEquals(new Stored(sha256("shared\n"), 7), linked);
        assertEquals(inode(blob("shared\n")), inode(file(jobB, "c/a.txt")));
        assertEquals(3L, nlink(blob("shared\n")), "blob + two links");
        assertEquals(Map.of("c/a.txt", sha256("shared\n").toString()), repository.digests(jobB));
    }

    @Test
    void a_link_by_digest_is_allowed_when_one_holder_among_others_is_readable() throws IOException {
        // given two holders, only job A's readable
        upload(jobA, "a.txt", "shared\n");
        upload(jobB, "a.txt", "shared\n");
        Predicate<String> onlyJobA = url -> url.startsWith(jobA.url());
        // when
        FormatRef target = FormatRef.of(Repo.ROOT, "main", "t1", "job-c", "bin");
        repository.link(target, new ArtifactPath("a.txt"), sha256("shared\n"), false, onlyJobA);
        // then
        assertEquals(4L, nlink(blob("shared\n")), "blob + three links");
    }

    @Test
    void a_link_by_digest_of_an_unknown_blob_is_not_found() {
        assertThrows(NotFound.class, () -> repository.link(jobB, new ArtifactPath("a.txt"), sha256("never\n"), false, EVERYTHING));
        assertFalse(Files.exists(file(jobB, "a.txt"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void a_link_by_digest_with_no_readable_holder_is_not_found() throws IOException {
        // given a holder the caller may not read
        upload(jobA, "secret.txt", "secret\n");
        // when, then: answered as for an unknown digest
        assertThrows(NotFound.class, () -> repository.link(jobB, new ArtifactPath("a.txt"), sha256("secret\n"), false, NOTHING));
        assertFalse(Files.exists(file(jobB, "a.txt"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(2L, nlink(blob("secret\n")), "blob + job A only");
    }

    @Test
    void a_link_by_digest_of_an_orphan_is_not_found() throws IOException {
        // given a blob whose only holder was deleted, not swept yet
        upload(jobA, "a.txt", "orphan\n");
        repository.deleteJob(jobA.job());
        assertEquals(1L, nlink(blob("orphan\n")), "an orphan: the blob alone");
        // when, then
        assertThrows(NotFound.class, () -> repository.link(jobB, new ArtifactPath("a.txt"), sha256("orphan\n"), false, EVERYTHING));
        assertFalse(Files.exists(file(jobB, "a.txt"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void a_link_by_digest_of_a_file_replaced_by_other_bytes_is_not_found() throws IOException {
        // given the one holder of the bytes now holds others
        upload(jobA, "a.txt", "before\n");
        upload(jobA, "a.txt", "after\n");
        // when, then
        assertThrows(NotFound.class, () -> repository.link(jobB, new ArtifactPath("a.txt"), sha256("before\n"), false, EVERYTHING));
    }

    @Test
    void the_head_probe_answers_the_size_of_a_readable_blob_only() throws IOException {
        // given
        upload(jobA, "a.txt", "probe me\n");
        upload(jobB, "gone.txt", "deleted\n");
        repository.deleteFormat(jobB);
        // then
        assertEquals(9L, repository.blobSize(sha256("probe me\n"), EVERYTHING).orElseThrow());
        assertTrue(repository.blobSize(sha256("probe me\n"), NOTHING).isEmpty(), "held, but not readable");
        assertTrue(repository.blobSize(sha256("never\n"), EVERYTHING).isEmpty(), "unknown");
        assertTrue(repository.blobSize(sha256("deleted\n"), EVERYTHING).isEmpty(), "an orphan");
    }

    // --- listings and lookups ------------------------------------------------------------

    @Test
    void the_listings_name_what_was_uploaded_sorted() throws IOException {
        // given
        upload(jobB, "b.txt", "b");
        upload(jobA, "z.txt", "z");
        upload(jobA.job().format("doc"), "index.html", "<p>");
        upload(FormatRef.of(Repo.ROOT, "main", "t2", "job-c", "bin"), "c.txt", "c");
        upload(FormatRef.of(Repo.ROOT, "other", "t1", "job-d", "bin"), "d.txt", "d");
        // then
        assertEquals(List.of("main", "other"), repository.branches(Repo.ROOT).stream().map(BranchSummary::name).toList());
        BranchRef main = jobA.job().tag().branch();
        assertEquals(List.of("t1", "t2"), repository.branch(main, false).tags().stream().map(TagSummary::name).toList());
        assertEquals(List.of("job-a", "job-b"), repository.tag(jobA.job().tag()).jobs().stream().map(JobSummary::name).toList());
        assertEquals(List.of("bin", "doc"), repository.job(jobA.job()).formats());
    }

    @Test
    void a_format_lists_its_files_and_digests_and_is_dirty_until_finalized() throws IOException {
        // given
        upload(jobA, "z.txt", "z");
        upload(jobA, "sub/a.txt", "a");
        // then
        FormatInfo info = repository.format(jobA);
        assertEquals(List.of("sub/a.txt", "z.txt"), info.files());
        assertTrue(info.dirty());
        assertEquals(Map.of("sub/a.txt", sha256("a").toString(), "z.txt", sha256("z").toString()), repository.digests(jobA));
    }

    @Test
    void listings_of_what_does_not_exist_are_not_found() throws IOException {
        upload(jobA, "a.txt", "a");
        assertThrows(NotFound.class, () -> repository.branch(BranchRef.of(Repo.ROOT, "nope"), false));
        assertThrows(NotFound.class, () -> repository.tag(jobA.job().tag().branch().tag("nope")));
        assertThrows(NotFound.class, () -> repository.job(jobA.job().tag().job("nope")));
        assertThrows(NotFound.class, () -> repository.format(jobA.job().format("nope")));
        assertThrows(NotFound.class, () -> repository.digests(jobA.job().format("nope")));
    }

    @Test
    void listings_of_an_alias_tag_are_not_found() throws IOException {
        upload(jobA, "a.txt", "a");
        TagRef latest = jobA.job().tag().branch().tag("latest");
        assertThrows(NotFound.class, () -> repository.tag(latest));
        assertThrows(NotFound.class, () -> repository.job(latest.job("job-a")));
        assertThrows(NotFound.class, () -> repository.format(latest.job("job-a").format("bin")));
    }

    @Test
    void a_file_lookup_answers_the_file_its_size_and_its_digest() throws IOException {
        // given
        upload(jobA, "sub/a.txt", "content\n");
        // when
        StoredFile found = repository.file(jobA, new ArtifactPath("sub/a.txt"));
        // then
        assertEquals(8L, found.size());
        assertEquals(sha256("content\n"), found.digest().orElseThrow());
        assertEquals(inode(blob("content\n")), inode(found.path()));
    }

    @Test
    void a_file_lookup_of_a_missing_file_or_a_directory_is_not_found() throws IOException {
        upload(jobA, "sub/a.txt", "content\n");
        assertThrows(NotFound.class, () -> repository.file(jobA, new ArtifactPath("nope.txt")));
        assertThrows(NotFound.class, () -> repository.file(jobA, new ArtifactPath("sub")));
        assertThrows(NotFound.class, () -> repository.file(jobB, new ArtifactPath("sub/a.txt")));
    }

    // --- finalize ------------------------------------------------------------------------

    @Test
    void a_finalize_clears_the_dirty_flag_and_leaves_upstreams_digests() throws IOException {
        // given
        upload(jobA, "b.txt", "b");
        upload(jobA, "a.txt", "a");
        // when
        repository.finalizeFormat(jobA);
        // then
        assertFalse(repository.format(jobA).dirty());
        assertFalse(Files.exists(jobA.dir(root).resolve(".dirty")));
        assertEquals("{\"a.txt\": \"" + sha256("a") + "\", \"b.txt\": \"" + sha256("b") + "\"}",
                Files.readString(jobA.dir(root).resolve(".digests")));
        assertEquals(inode(blob("a")), inode(file(jobA, "a.txt")), "no command: the files are untouched");
        assertEquals(0, uploadsLeft());
    }

    @Test
    void a_post_process_publishes_its_changed_file_as_a_new_read_only_blob() throws IOException {
        // given
        upload(jobA, "foo.rpm", "an rpm\n");
        // when
        repository.finalizeFormat(jobA);
        // then
        String signed = "an rpm\n" + SIGNATURE;
        assertEquals(signed, Files.readString(file(jobA, "foo.rpm")));
        assertEquals(inode(blob(signed)), inode(file(jobA, "foo.rpm")));
        assertEquals(2L, nlink(blob(signed)), "blob + job A");
        assertEquals("r--r--r--", mode(blob(signed)));
        assertEquals(Map.of("foo.rpm", sha256(signed).toString()), repository.digests(jobA));
        assertEquals(sha256(signed), repository.file(jobA, new ArtifactPath("foo.rpm")).digest().orElseThrow());
        assertTrue(Files.readString(jobA.dir(root).resolve(".digests")).contains(sha256(signed).toString()));
        assertFalse(repository.format(jobA).dirty());
        assertEquals(0, uploadsLeft());
    }

    @Test
    void a_post_process_leaves_the_shared_blob_of_another_job_untouched() throws IOException {
        // given two jobs holding the same rpm
        upload(jobA, "foo.rpm", "an rpm\n");
        upload(jobB, "foo.rpm", "an rpm\n");
        Object shared = inode(blob("an rpm\n"));
        // when job A is finalized and its command signs the rpm
        repository.finalizeFormat(jobA);
        // then job B's rpm keeps its bytes, inode and digest, and so does the blob
        assertEquals("an rpm\n", Files.readString(file(jobB, "foo.rpm")));
        assertEquals(shared, inode(file(jobB, "foo.rpm")));
        assertEquals("an rpm\n", Files.readString(blob("an rpm\n")));
        assertEquals(2L, nlink(blob("an rpm\n")), "blob + job B");
        assertEquals(Map.of("foo.rpm", sha256("an rpm\n").toString()), repository.digests(jobB));
        assertNotEquals(shared, inode(file(jobA, "foo.rpm")));
    }

    @Test
    void finalizing_an_alias_is_not_allowed() {
        assertThrows(NotAllowed.class, () -> repository.finalizeFormat(FormatRef.of(Repo.ROOT, "main", "latest", "job-a", "bin")));
    }

    // --- deletes -------------------------------------------------------------------------

    @Test
    void a_deleted_format_is_gone_and_its_blob_loses_a_link() throws IOException {
        // given
        upload(jobA, "a.txt", "shared\n");
        upload(jobB, "a.txt", "shared\n");
        // when
        repository.deleteFormat(jobA);
        // then
        assertFalse(Files.exists(jobA.dir(root)));
        assertThrows(NotFound.class, () -> repository.format(jobA));
        assertEquals(2L, nlink(blob("shared\n")), "blob + job B");
        assertEquals("shared\n", Files.readString(file(jobB, "a.txt")));
    }

    @Test
    void deleting_what_does_not_exist_is_not_found() {
        assertThrows(NotFound.class, () -> repository.deleteFormat(jobA));
        assertThrows(NotFound.class, () -> repository.deleteJob(jobA.job()));
        assertThrows(NotFound.class, () -> repository.deleteTag(jobA.job().tag()));
        assertThrows(NotFound.class, () -> repository.deleteBranch(jobA.job().tag().branch()));
    }

    @Test
    void a_format_of_a_locked_job_cannot_be_deleted() throws IOException {
        upload(jobA, "a.txt", "x");
        Files.createFile(jobA.job().dir(root).resolve(".locked"));
        assertThrows(BadRequest.class, () -> repository.deleteFormat(jobA));
        assertTrue(Files.exists(file(jobA, "a.txt")));
    }

    @Test
    void a_deleted_job_is_gone_with_its_formats() throws IOException {
        upload(jobA, "a.txt", "a");
        upload(jobA.job().format("doc"), "d.txt", "d");
        upload(jobB, "b.txt", "b");
        repository.deleteJob(jobA.job());
        assertFalse(Files.exists(jobA.job().dir(root)));
        assertEquals(1L, nlink(blob("a")), "an orphan");
        assertEquals(List.of("job-b"), repository.tag(jobA.job().tag()).jobs().stream().map(JobSummary::name).toList());
    }

    @Test
    void a_deleted_tag_and_a_deleted_branch_are_gone() throws IOException {
        upload(jobA, "a.txt", "a");
        upload(FormatRef.of(Repo.ROOT, "main", "t2", "job-a", "bin"), "b.txt", "b");
        upload(FormatRef.of(Repo.ROOT, "other", "t1", "job-a", "bin"), "c.txt", "c");
        repository.deleteTag(jobA.job().tag());
        assertEquals(List.of("t2"), repository.branch(jobA.job().tag().branch(), false).tags().stream().map(TagSummary::name).toList());
        repository.deleteBranch(jobA.job().tag().branch());
        assertEquals(List.of("other"), repository.branches(Repo.ROOT).stream().map(BranchSummary::name).toList());
        assertEquals(1L, nlink(blob("a")));
        assertEquals(1L, nlink(blob("b")));
        assertEquals(2L, nlink(blob("c")));
    }

    @Test
    void a_locked_or_released_tag_cannot_be_deleted_nor_its_branch() throws IOException {
        // given one tag locked, another released (lifecycle's flag files)
        FormatRef released = FormatRef.of(Repo.ROOT, "main", "t2", "job-a", "bin");
        upload(jobA, "a.txt", "a");
        upload(released, "b.txt", "b");
        Files.createFile(jobA.job().tag().dir(root).resolve(".locked"));
        Files.createFile(released.job().tag().dir(root).resolve(".released"));
        // when, then
        assertThrows(BadRequest.class, () -> repository.deleteTag(jobA.job().tag()));
        assertThrows(BadRequest.class, () -> repository.deleteTag(released.job().tag()));
        assertThrows(BadRequest.class, () -> repository.deleteBranch(jobA.job().tag().branch()));
        assertTrue(Files.exists(file(jobA, "a.txt")), "nothing deleted");
        assertTrue(Files.exists(file(released, "b.txt")), "nothing deleted");
    }

    @Test
    void a_job_of_a_locked_tag_can_be_deleted() throws IOException {
        // upstream checks no lock on a job delete: the tag's lock protects the tag only
        upload(jobA, "a.txt", "a");
        Files.createFile(jobA.job().tag().dir(root).resolve(".locked"));
        repository.deleteJob(jobA.job());
        assertFalse(Files.exists(jobA.job().dir(root)));
    }

    @Test
    void an_alias_tag_cannot_be_deleted() {
        assertThrows(NotAllowed.class, () -> repository.deleteTag(jobA.job().tag().branch().tag("stable")));
    }

    // --- path safety ---------------------------------------------------------------------

    @Test
    void a_path_with_dot_dot_or_a_reserved_name_is_refused_before_the_tree_is_touched() {
        for (String path : List.of("../x", "a/../../x", "/etc/passwd", "./a", "a//b", ".digests", ".dirty",
                ".internal", ".digests.journal")) {
            assertEquals(path, assertThrows(BadRequest.class, () -> new ArtifactPath(path)).reason());
        }
        assertFalse(Files.exists(root.resolve("branches")));
    }

    @Test
    void a_name_that_cannot_be_a_directory_is_not_found() {
        for (String name : List.of(".hidden", "a/b", "..", "")) {
            assertThrows(NotFound.class, () -> Name.of(name));
        }
    }

    @Test
    void an_upload_through_a_symbolic_link_to_a_directory_is_refused() throws IOException {
        // given a format holding a link to a directory outside the tree
        upload(jobA, "a.txt", "a");
        Files.createSymbolicLink(file(jobA, "evil"), outside);
        // when, then
        assertThrows(BadRequest.class, () -> upload(jobA, "evil/new.txt", "y"));
        assertThrows(NotFound.class, () -> repository.file(jobA, new ArtifactPath("evil/new.txt")));
        assertTrue(isEmpty(outside), "nothing written outside the tree");
        assertEquals(0, uploadsLeft());
    }

    @Test
    void an_upload_into_a_job_that_is_a_symbolic_link_is_refused() throws IOException {
        // given a job directory that is a link to a directory outside the tree, holding a format
        FormatRef linked = linkedJob();
        // when, then
        assertThrows(DlrepoException.class, () -> upload(linked, "new.txt", "y"));
        assertFalse(Files.exists(outside.resolve("bin/new.txt")), "nothing written outside the tree");
        assertEquals(0, uploadsLeft());
    }

    @Test
    void a_file_of_a_job_that_is_a_symbolic_link_is_not_found() throws IOException {
        FormatRef linked = linkedJob();
        assertThrows(NotFound.class, () -> repository.file(linked, new ArtifactPath("secret.txt")));
    }

    @Test
    void a_format_of_a_job_that_is_a_symbolic_link_is_not_deleted() throws IOException {
        FormatRef linked = linkedJob();
        assertThrows(DlrepoException.class, () -> repository.deleteFormat(linked));
        assertEquals("secret\n", Files.readString(outside.resolve("bin/secret.txt")), "nothing deleted outside the tree");
    }

    @Test
    void a_format_of_a_job_that_is_a_symbolic_link_is_not_listed() throws IOException {
        FormatRef linked = linkedJob();
        assertThrows(NotFound.class, () -> repository.format(linked));
        assertThrows(NotFound.class, () -> repository.digests(linked));
    }

    @Test
    void a_job_that_is_a_symbolic_link_is_not_deleted_through() throws IOException {
        FormatRef linked = linkedJob();
        assertThrows(NotFound.class, () -> repository.deleteJob(linked.job()));
        assertEquals("secret\n", Files.readString(outside.resolve("bin/secret.txt")), "nothing deleted outside the tree");
    }

    /** {@code main/t1/evil}, a symbolic link to a directory outside the tree holding a format {@code bin}. */
    FormatRef linkedJob() throws IOException {
        upload(jobA, "a.txt", "a");
        Files.createDirectory(outside.resolve("bin"));
        Files.writeString(outside.resolve("bin/secret.txt"), "secret\n");
        Files.createSymbolicLink(jobA.job().tag().dir(root).resolve("evil"), outside);
        return jobA.job().tag().job("evil").format("bin");
    }

    // --- user repositories and their quota -----------------------------------------------

    @Test
    void a_user_repository_exists_from_its_first_write() throws IOException {
        assertThrows(NotFound.class, () -> repository.userBranches(alice));
        upload(aliceBin, "a.txt", "a");
        assertEquals(List.of(alice), repository.users());
        assertEquals(List.of("main"), repository.userBranches(alice).stream().map(BranchSummary::name).toList());
        assertTrue(Files.exists(aliceBin.dir(root).resolve("a.txt")));
    }

    @Test
    void a_user_repository_is_charged_every_byte_linked_in_less_what_it_replaces() throws IOException {
        // given
        upload(jobA, "shared.txt", "0123456789");
        // when
        upload(aliceBin, "a.txt", "12345");
        repository.link(aliceBin, new ArtifactPath("b.txt"), sha256("0123456789"), false, EVERYTHING);
        upload(aliceBin, "a.txt", "123");
        // then: a shared blob costs its full size too (upstream's rule)
        assertEquals(13L, quota.used(Repo.ofUser(alice)));
        assertEquals(0L, quota.used(Repo.ROOT), "the main tree has no quota");
    }

    @Test
    void a_delete_in_a_user_repository_refunds_the_size_of_every_file_it_removed() throws IOException {
        // given (upstream's rule: the format's own files, .digests and the like, are given back too)
        upload(aliceBin, "a.txt", "12345");
        upload(aliceBin.job().format("doc"), "b.txt", "123");
        long before = quota.used(Repo.ofUser(alice));
        long removed = sizeOfFiles(aliceBin.dir(root));
        // when
        repository.deleteFormat(aliceBin);
        // then
        assertTrue(removed >= 5, "the file and the format's own files");
        assertEquals(before - removed, quota.used(Repo.ofUser(alice)));
    }

    @Test
    void a_deleted_branch_of_a_user_repository_refunds_the_size_of_every_file_it_removed() throws IOException {
        upload(aliceBin, "a.txt", "12345");
        upload(aliceBin.job().format("doc"), "b.txt", "123");
        long before = quota.used(Repo.ofUser(alice));
        long removed = sizeOfFiles(aliceBin.job().tag().branch().dir(root));
        repository.deleteBranch(aliceBin.job().tag().branch());
        assertEquals(before - removed, quota.used(Repo.ofUser(alice)));
    }

    @Test
    void an_upload_past_the_quota_is_refused_and_nothing_is_linked_or_counted() throws IOException {
        // given
        upload(aliceBin, "a.txt", "12345");
        // when
        String big = "x".repeat((int) QUOTA);
        assertThrows(QuotaExceeded.class, () -> upload(aliceBin, "big.bin", big));
        // then
        assertFalse(Files.exists(aliceBin.dir(root).resolve("big.bin"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("a.txt"), repository.format(aliceBin).files());
        assertEquals(5L, quota.used(Repo.ofUser(alice)));
        assertEquals(0, uploadsLeft());
    }

    // --- collaborators -------------------------------------------------------------------

    /** Appends {@link #SIGNATURE} to each {@code .rpm} of a format holding one (it sees private copies). */
    static final class Signing implements PostProcess {
        @Override
        public boolean appliesTo(Set<String> paths) {
            return paths.stream().anyMatch(p -> p.endsWith(".rpm"));
        }

        @Override
        public Outcome run(Path formatDir) {
            try (Stream<Path> files = Files.walk(formatDir)) {
                for (Path rpm : files.filter(p -> p.toString().endsWith(".rpm")).toList()) {
                    Files.writeString(rpm, SIGNATURE, StandardOpenOption.APPEND);
                }
                return Outcome.success("");
            } catch (IOException e) {
                return Outcome.failure(e.toString());
            }
        }
    }

    /** Counts each repository's bytes as upstream does (the replaced file goes first); refuses past {@link #QUOTA}. */
    static final class Counting implements Quota {
        private final Map<Repo, Long> used = new ConcurrentHashMap<>();

        long used(Repo repo) {
            return used.getOrDefault(repo, 0L);
        }

        @Override
        public void charge(Repo repo, long size, long replaced) {
            used.compute(repo, (r, before) -> {
                long rest = Math.max(0, (before == null ? 0 : before) - replaced);
                if (rest + size > QUOTA) {
                    throw new QuotaExceeded(r.urlPrefix(), Long.toString(rest), Long.toString(QUOTA));
                }
                return rest + size;
            });
        }

        @Override
        public void refund(Repo repo, long bytes) {
            used.merge(repo, -bytes, Long::sum);
        }
    }

    // --- helpers -------------------------------------------------------------------------

    Stored upload(FormatRef ref, String path, String content) {
        return repository.upload(ref, new ArtifactPath(path), sha256(content), body(content), false);
    }

    static ByteArrayInputStream body(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    Path file(FormatRef ref, String path) {
        return ref.dir(root).resolve(path);
    }

    /** {@code .blobs/sha256/<2 hex>/<hex>}: upstream's layout. */
    Path blob(String content) {
        String hex = sha256(content).hex();
        return root.resolve(".blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    static Digest sha256(String content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return Digest.parse("sha256:" + HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    static long nlink(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    long uploadsLeft() throws IOException {
        Path uploads = root.resolve(".uploads");
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(uploads)) {
            return s.count();
        }
    }

    static long sizeOfFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
