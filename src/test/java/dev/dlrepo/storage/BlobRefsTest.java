package dev.dlrepo.storage;

import static dev.dlrepo.storage.Store.digest;
import static dev.dlrepo.storage.Store.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.error.NotFound;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A digest alone links or probes nothing: some file holding the blob must be readable by the caller. */
class BlobRefsTest {
    private static final byte[] SECRET = utf8("the secret bytes");
    private static final Predicate<String> ANYONE = url -> true;
    /** A caller who may read everything but the secret branch. */
    private static final Predicate<String> NOT_SECRET = url -> !url.startsWith("/branches/secret/");

    @TempDir
    Path root;
    Store store;

    @BeforeEach
    void wire() {
        store = new Store(root);
    }

    @AfterEach
    void close() {
        store.formats.close();
    }

    private FormatRef secret() {
        return FormatRef.of(Repo.ROOT, "secret", "t", "j", "bin");
    }

    private FormatRef mine() {
        return FormatRef.of(Repo.ofUser(new Name("alice")), "x", "t", "j", "f");
    }

    private Path record() {
        String hex = digest(SECRET).toString().substring("sha256:".length());
        return root.resolve(".blobrefs/sha256/" + hex.substring(0, 2) + "/" + hex);
    }

    @Test
    void a_link_by_digest_of_bytes_held_only_where_the_caller_may_not_read_is_404_and_leaves_nothing() throws Exception {
        store.upload(secret(), "s.bin", SECRET);
        assertThrows(NotFound.class, () -> store.repository.link(mine(), new ArtifactPath("stolen"), digest(SECRET), false, NOT_SECRET));
        assertTrue(store.repository.blobSize(digest(SECRET), NOT_SECRET).isEmpty(), "the probe says what an unknown digest says");
        assertFalse(Files.exists(mine().dir(root).resolve("stolen")));
        assertEquals(2L, Store.nlink(store.blob(SECRET)));
    }

    @Test
    void a_link_by_digest_of_bytes_the_caller_may_read_somewhere_is_made() throws Exception {
        store.upload(secret(), "s.bin", SECRET);
        store.upload(FormatRef.of(Repo.ROOT, "open", "t", "j", "bin"), "copy.bin", SECRET);
        assertEquals(Optional.of((long) SECRET.length), store.repository.blobSize(digest(SECRET), NOT_SECRET));
        store.repository.link(mine(), new ArtifactPath("mine"), digest(SECRET), false, NOT_SECRET);
        assertTrue(Files.isSameFile(store.blob(SECRET), mine().dir(root).resolve("mine")));
    }

    @Test
    void the_caller_is_asked_about_the_format_and_the_file_of_a_holder() {
        store.upload(secret(), "dir/s.bin", SECRET);
        List<String> asked = new ArrayList<>();
        store.repository.blobSize(digest(SECRET), url -> asked.add(url));
        assertEquals(List.of("/branches/secret/t/j/bin/", "/branches/secret/t/j/bin/dir/s.bin"), asked);
        asked.clear();
        store.repository.blobSize(digest(SECRET), url -> asked.add(url) && !url.endsWith("s.bin"));
        assertEquals(2, asked.size(), "a file the ACLs deny holds nothing for this caller");
        assertTrue(store.repository.blobSize(digest(SECRET), url -> !url.endsWith("s.bin")).isEmpty());
    }

    @Test
    void a_holder_of_a_user_repository_is_asked_with_its_url() {
        store.upload(mine(), "a/b.bin", SECRET);
        List<String> asked = new ArrayList<>();
        store.repository.blobSize(digest(SECRET), url -> asked.add(url));
        assertEquals(List.of("/~alice/branches/x/t/j/f/", "/~alice/branches/x/t/j/f/a/b.bin"), asked);
    }

    @Test
    void a_holder_deleted_or_replaced_by_other_bytes_holds_nothing_any_more() throws Exception {
        FormatRef open = FormatRef.of(Repo.ROOT, "open", "t", "j", "bin");
        store.upload(secret(), "s.bin", SECRET);
        store.upload(open, "copy.bin", SECRET);
        store.upload(open, "copy.bin", utf8("other bytes now")); // same name, other blob
        assertTrue(store.repository.blobSize(digest(SECRET), NOT_SECRET).isEmpty());
        store.upload(open, "again.bin", SECRET);
        store.repository.deleteJob(open.job());
        assertTrue(store.repository.blobSize(digest(SECRET), NOT_SECRET).isEmpty());
        assertTrue(store.repository.blobSize(digest(SECRET), ANYONE).isPresent(), "the secret file still holds it");
    }

    @Test
    void a_line_cut_short_or_naming_no_file_of_a_format_is_passed_over() throws Exception {
        store.upload(secret(), "s.bin", SECRET);
        // a file of the open branch is a link of the blob, but the lines naming it are not trusted
        Path open = root.resolve("branches/open/t/j/bin/s.bin");
        Files.createDirectories(open.getParent());
        Files.createLink(open, store.blob(SECRET));
        Files.writeString(record(), "branches/open/t/j/../j/bin/s.bin\n/branches/open/t/j/bin/s.bin\nbranches/open/t/j/bin/s.bin",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(store.repository.blobSize(digest(SECRET), NOT_SECRET).isEmpty());
        Files.writeString(record(), "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(store.repository.blobSize(digest(SECRET), NOT_SECRET).isPresent(), "the line is whole now");
    }

    @Test
    void the_holder_is_recorded_before_the_link_under_the_blob_lock_and_compaction_keeps_only_live_holders() throws Exception {
        FormatRef open = FormatRef.of(Repo.ROOT, "open", "t", "j", "bin");
        store.upload(secret(), "s.bin", SECRET);
        store.upload(open, "a.bin", SECRET);
        store.upload(open, "a.bin", SECRET); // the same file twice: one line too many
        store.upload(open, "b.bin", SECRET);
        store.upload(open, "b.bin", utf8("replaced"));
        assertEquals(List.of("branches/secret/t/j/bin/s.bin", "branches/open/t/j/bin/a.bin", "branches/open/t/j/bin/a.bin",
                "branches/open/t/j/bin/b.bin"), Files.readAllLines(record()));
        assertEquals(2, store.blobs.compactRecords());
        assertEquals(List.of("branches/secret/t/j/bin/s.bin", "branches/open/t/j/bin/a.bin"), Files.readAllLines(record()));
        assertEquals(0, store.blobs.compactRecords(), "nothing more to drop");
    }

    @Test
    void a_record_goes_with_its_blob_or_when_no_holder_is_left() throws Exception {
        store.upload(secret(), "s.bin", SECRET);
        store.repository.deleteJob(secret().job());
        assertEquals(1, store.blobs.compactRecords());
        assertFalse(Files.exists(record()), "no line left: no record");
        store.upload(secret(), "s.bin", SECRET);
        store.repository.deleteJob(secret().job());
        assertTrue(Files.exists(record()));
        assertEquals((long) SECRET.length, store.blobs.deleteIfOrphan(store.blob(SECRET), Long.MAX_VALUE));
        assertFalse(Files.exists(record()), "the sweep removes the record with the blob");
    }

    @Test
    void a_link_limit_copy_holds_its_blob_too() throws Exception {
        Store crowded = new Store(root.resolve("crowded"), "DLREPO_MAX_LINKS", "2");
        try {
            // the blob's own name and the staged upload fill it: the file links to <hex>.1
            crowded.upload(secret(), "s.bin", SECRET);
            Path file = secret().dir(crowded.root).resolve("s.bin");
            Path blob = crowded.blob(SECRET);
            assertTrue(Files.isSameFile(blob.resolveSibling(blob.getFileName() + ".1"), file));
            assertTrue(crowded.repository.blobSize(digest(SECRET), url -> url.startsWith("/branches/secret/")).isPresent());
        } finally {
            crowded.formats.close();
        }
    }

    @Test
    void the_holders_of_a_tree_linked_without_records_are_recorded_once_at_the_first_start() throws Exception {
        store.upload(FormatRef.of(Repo.ROOT, "open", "t", "j", "bin"), "a.bin", SECRET);
        store.formats.close(); // .digests folded, as upstream leaves it
        Tree.deleteRecursively(root.resolve(".blobrefs")); // a data directory written by upstream
        Store restarted = new Store(root);
        try {
            assertTrue(restarted.repository.blobSize(digest(SECRET), ANYONE).isEmpty(), "not recorded yet: the client sends the bytes");
            HolderRecords records = new HolderRecords(restarted.blobs, restarted.formats);
            assertFalse(restarted.blobs.recordsBuilt());
            assertEquals(1, records.recordAll());
            assertTrue(restarted.blobs.recordsBuilt());
            assertTrue(restarted.repository.blobSize(digest(SECRET), ANYONE).isPresent());
            assertEquals(0, records.recordAll(), "recorded once");
        } finally {
            restarted.formats.close();
        }
    }
}
