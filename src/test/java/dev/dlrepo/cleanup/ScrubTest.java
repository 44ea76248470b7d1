package dev.dlrepo.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.Storage;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Maintenance;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.PyJson;
import dev.dlrepo.testing.LockHolder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrubTest {
    @TempDir
    Path root;
    Storage storage;
    Maintenance maintenance;
    Repository repository;
    Scrub scrub;

    @BeforeEach
    void store() {
        Settings settings = Settings.of(Map.of());
        if (storage != null) {
            storage.close(); // the server before: one JVM cannot hold the same file locks twice
        }
        storage = Storage.open(root, settings);
        maintenance = storage.maintenance();
        repository = storage.repository();
        scrub = new Scrub(maintenance);
    }

    @Test
    void a_healthy_store_has_no_problems() throws Exception {
        // given two jobs sharing a file
        upload("job1", "a.txt", "hello");
        upload("job2", "a.txt", "hello");
        // when scrubbed
        ScrubReport report = scrub.run(false);
        // then every blob and file checked, nothing found
        assertEquals(List.of(), report.problems());
        assertEquals(1L, report.toMap().get("blobs_checked"));
        assertEquals(2L, report.toMap().get("files_checked"));
    }

    @Test
    void a_corrupted_blob_is_reported_and_moved_aside_on_repair_never_rewritten() throws Exception {
        // given a blob whose bytes were changed behind the store's back
        Digest digest = upload("job1", "a.txt", "hello");
        Path blob = maintenance.blobPath(digest);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob, "tampered");
        // when scrubbed without repair
        ScrubReport report = scrub.run(false);
        // then the blob and the file linked to it are reported, nothing moves
        assertEquals(List.of("corrupt_blob", "corrupt_file"), kinds(report));
        assertTrue(Files.exists(blob));
        // when repaired
        ScrubReport repaired = scrub.run(true);
        // then the blob leaves the content address and the file keeps its (wrong) bytes, reported
        assertFalse(Files.exists(blob), "a corrupt blob no longer answers for its digest");
        assertEquals("tampered", Files.readString(file("job1", "a.txt")));
        assertTrue(repaired.unrepaired() > 0, "the file's bytes cannot be verified: still a problem");
    }

    @Test
    void a_link_not_recorded_as_a_holder_of_its_blob_is_reported_and_recorded_on_repair() throws Exception {
        // given a file linked behind the store's back (by upstream, say): no record names it
        Digest digest = upload("job1", "a.txt", "hello");
        Path hex = Path.of(digest.toString().substring("sha256:".length()));
        Files.delete(root.resolve(".blobrefs/sha256").resolve(hex.toString().substring(0, 2)).resolve(hex));
        store(); // a server started on that tree: nothing in memory either
        assertTrue(repository.blobSize(digest, url -> true).isEmpty(), "no holder known: the digest is not linkable");
        // when scrubbed
        assertEquals(List.of("unrecorded_holder"), kinds(scrub.run(false)));
        assertEquals(0, scrub.run(true).unrepaired());
        // then the file holds its blob again, for a link by digest
        assertTrue(repository.blobSize(digest, url -> true).isPresent());
        assertEquals(List.of(), scrub.run(false).problems());
    }

    @Test
    void a_broken_link_is_reported_and_relinked_on_repair() throws Exception {
        // given a file replaced by a private copy with the same bytes, and a deleted file
        Digest digest = upload("job1", "a.txt", "hello");
        upload("job1", "b.txt", "world");
        Path a = file("job1", "a.txt");
        Files.delete(a);
        Files.writeString(a, "hello");
        Files.delete(file("job1", "b.txt"));
        // when scrubbed
        assertEquals(List.of("not_linked", "missing_file"), kinds(scrub.run(false)));
        ScrubReport report = scrub.run(true);
        // then both are repaired: links of their blobs again
        assertEquals(0, report.unrepaired(), report.toMap().toString());
        assertTrue(Files.isSameFile(a, maintenance.blobPath(digest)));
        assertEquals("world", Files.readString(file("job1", "b.txt")));
        assertEquals(List.of(), scrub.run(false).problems());
    }

    @Test
    void a_file_whose_bytes_differ_from_its_digest_is_never_rewritten() throws Exception {
        // given a file rewritten in place after it was unlinked from its blob
        upload("job1", "a.txt", "hello");
        Path a = file("job1", "a.txt");
        Files.delete(a);
        Files.writeString(a, "changed");
        // when repaired
        ScrubReport report = scrub.run(true);
        // then it is reported and its bytes stay
        assertEquals(List.of("content_mismatch"), kinds(report));
        assertEquals("changed", Files.readString(a));
    }

    @Test
    void a_missing_blob_is_restored_from_a_file_that_hashes_to_it() throws Exception {
        // given a blob deleted while a copy of its bytes is still in a format
        Digest digest = upload("job1", "a.txt", "hello");
        Path a = file("job1", "a.txt");
        Files.delete(a);
        Files.writeString(a, "hello");
        Files.delete(maintenance.blobPath(digest));
        // when repaired
        ScrubReport report = scrub.run(true);
        // then the blob exists again, read-only, and the file links to it
        assertEquals(0, report.unrepaired(), report.toMap().toString());
        assertTrue(Files.isSameFile(a, maintenance.blobPath(digest)));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(maintenance.blobPath(digest))));
    }

    @Test
    void what_a_crash_left_in_uploads_is_reported_and_removed_on_repair_and_what_a_process_holds_stays() throws Exception {
        // given a blob whose upload was cut off before its staged name went, a partial body nobody
        // holds, and a body another process is receiving
        Digest digest = upload("job1", "a.txt", "hello");
        Path uploads = root.resolve(".uploads");
        Path blobName = Files.createLink(uploads.resolve("a".repeat(32)), maintenance.blobPath(digest));
        Path partial = Files.write(uploads.resolve("b".repeat(32)), new byte[1000]);
        Path received = Files.write(uploads.resolve("c".repeat(32)), new byte[300]);
        long margin = System.currentTimeMillis() + 60_000; // each older than the margin: only a lock protects it
        try (LockHolder holder = LockHolder.on(received)) {
            // when scrubbed
            ScrubReport report = scrub.run(false, margin);
            // then the space is reported, each leftover as a problem
            assertEquals(List.of("leftover_blob_name", "leftover_upload"), kinds(report).stream().sorted().toList());
            assertEquals("{\"staged\": {\"in_use\": {\"count\": 1, \"bytes\": 300}, \"left_over\": {\"count\": 1, \"bytes\": 1000}},"
                    + " \"blob_names\": {\"in_use\": {\"count\": 0, \"bytes\": 0}, \"left_over\": {\"count\": 1, \"bytes\": 5}}}",
                    PyJson.encode(report.toMap().get("uploads")));
            // when repaired
            assertEquals(0, scrub.run(true, margin).unrepaired());
            // then the leftovers are gone, the held body stays, and the blob has only its format's name
            assertFalse(Files.exists(blobName));
            assertFalse(Files.exists(partial));
            assertTrue(Files.exists(received), "another process holds it");
            assertEquals(2L, ((Number) Files.getAttribute(maintenance.blobPath(digest), "unix:nlink")).intValue(), "the blob and a.txt");
        }
        // and a file just written there counts as a live request's (a copy being made): never removed
        Files.write(partial, new byte[10]);
        ScrubReport fresh = scrub.run(true);
        assertEquals(List.of(), fresh.problems());
        assertTrue(Files.exists(partial));
        assertEquals("{\"count\": 2, \"bytes\": 310}", PyJson.encode(((Map<?, ?>) ((Map<?, ?>) fresh.toMap().get("uploads"))
                .get("staged")).get("in_use")));
    }

    @Test
    void the_command_line_prints_json_and_exits_1_while_problems_remain() throws Exception {
        // given a broken link
        upload("job1", "a.txt", "hello");
        Files.delete(file("job1", "a.txt"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream());
        // when run without then with --repair
        int before = ScrubCommand.run(new String[] {"-p", root.toString()}, new PrintStream(out), err);
        int after = ScrubCommand.run(new String[] {"--repair", "-q", "-p", root.toString()}, new PrintStream(out), err);
        // then
        assertEquals(1, before);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"kind\": \"missing_file\""));
        assertEquals(0, after);
        assertEquals(2, ScrubCommand.run(new String[] {"--bogus"}, new PrintStream(out), err));
    }

    private Digest upload(String job, String path, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.parse("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        repository.upload(ref(job), new ArtifactPath(path), digest, new ByteArrayInputStream(bytes), false);
        return digest;
    }

    private FormatRef ref(String job) {
        return FormatRef.of(Repo.ROOT, "main", "t1", job, "bin");
    }

    private Path file(String job, String path) {
        return ref(job).dir(root).resolve(path);
    }

    private static List<Object> kinds(ScrubReport report) {
        return report.problems().stream().map(p -> p.get("kind")).toList();
    }
}
