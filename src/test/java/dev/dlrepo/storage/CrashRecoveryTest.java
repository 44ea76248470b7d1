package dev.dlrepo.storage;

import static dev.dlrepo.storage.Store.utf8;
import static dev.dlrepo.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash cuts off in the middle is finished when the next server starts ({@link CrashRecovery}). */
class CrashRecoveryTest {
    @TempDir
    Path root;
    private final FormatRef bin = Store.format("job1", "bin");

    @Test
    void a_finalize_killed_while_its_command_runs_ends_with_every_file_a_link_of_its_blob_and_listed() throws Exception {
        // given a format of two files, finalized by another process whose command signs them in
        // place, adds one, and is killed -9 before it ends
        Store before = new Store(root);
        before.upload("job1", "a.bin", "alpha\n");
        before.upload("job1", "b.bin", "beta\n");
        before.formats.close();
        Process finalizer = UploaderMain.start(root, "finalize-and-die", "c.bin", 0);
        try {
            eventually(Duration.ofSeconds(60), "the command ran", () -> Files.exists(root.resolve("ran")));
        } finally {
            finalizer.destroyForcibly();
            assertTrue(finalizer.waitFor(30, TimeUnit.SECONDS));
        }
        Path dir = bin.dir(root);
        assertEquals(1L, Store.nlink(dir.resolve("a.bin")), "cut off: a private copy, served with its old digest");

        // when a server starts on the data directory
        Store after = new Store(root);
        List<String> ended = new ArrayList<>();
        assertEquals(1, recovery(after, () -> ended.add(linksOf(dir))).recover());

        // then the dead server's commands were ended first, while the files were still copies
        assertEquals(List.of("a.bin=1 b.bin=1 c.bin=1"), ended);
        // and each file is a link of the blob of its bytes, listed with its digest, the format dirty
        Map<String, String> expected = new TreeMap<>(Map.of(
                "a.bin", Store.digest(utf8("alpha\nsigned\n")).toString(),
                "b.bin", Store.digest(utf8("beta\nsigned\n")).toString(),
                "c.bin", Store.digest(utf8("added by the command\n")).toString()));
        assertEquals(expected, after.repository.digests(bin));
        assertEquals(expected, DigestsFile.read(dir), ".digests rewritten, no journal left");
        assertEveryFileIsALinkOfItsBlob(after, dir);
        assertTrue(Flags.has(dir, Flags.DIRTY), "the finalize did not succeed: finalize it again");
        // and nothing is left to recover, nor marked
        assertEquals(0, recovery(after, () -> { }).recover());
        assertTrue(after.repository.digests(bin).size() == 3);
        after.formats.close();
    }

    @Test
    void a_finalize_cut_off_while_it_made_its_copies_gets_back_the_file_it_had_unlinked() throws Exception {
        // given a finalize cut off between unlinking a file and renaming its copy in, after another
        // file became its copy: what the mark of its finalize says, and the disk shows
        Store store = new Store(root);
        store.upload("job1", "a.bin", "alpha\n");
        store.upload("job1", "b.bin", "beta\n");
        store.formats.fold(bin);
        Path dir = bin.dir(root);
        Path copy = Files.copy(dir.resolve("a.bin"), root.resolve(".uploads").resolve(Tree.randomHex()));
        Files.move(copy, dir.resolve("a.bin"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(dir.resolve("b.bin"));
        Path marks = Files.createDirectories(root.resolve(".locks/finalize"));
        Files.writeString(marks.resolve(FinalizeMarks.name(bin) + ".running"), "4242\nbranches/main/t1/job1/bin\n");

        // when recovered
        assertEquals(1, recovery(store, () -> { }).recover());

        // then both files are links of their blobs, with the bytes recorded
        assertEquals("beta\n", Files.readString(dir.resolve("b.bin")));
        assertEquals(Map.of("a.bin", Store.digest(utf8("alpha\n")).toString(), "b.bin", Store.digest(utf8("beta\n")).toString()),
                store.repository.digests(bin));
        assertEveryFileIsALinkOfItsBlob(store, dir);
        assertFalse(Files.exists(marks.resolve(FinalizeMarks.name(bin) + ".running")));
        store.formats.close();
    }

    @Test
    void a_finalize_still_running_in_another_process_is_left_alone() throws Exception {
        // given a finalize whose command runs in another process: its mark, and its lock held
        Store store = new Store(root);
        store.upload("job1", "a.bin", "alpha\n");
        store.formats.close();
        Process finalizer = UploaderMain.start(root, "finalize-and-die", "c.bin", 0);
        try {
            eventually(Duration.ofSeconds(60), "the command ran", () -> Files.exists(root.resolve("ran")));
            // when a server starts beside it
            Store beside = new Store(root);
            // then nothing is recovered: the mark belongs to a live finalize
            assertEquals(0, recovery(beside, () -> { }).recover());
            assertEquals(1L, Store.nlink(bin.dir(root).resolve("a.bin")), "still the command's private copy");
            beside.formats.close();
        } finally {
            finalizer.destroyForcibly();
            finalizer.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_commit_cut_off_between_replacing_a_file_and_recording_it_gets_its_record_right() throws Exception {
        // given a recorded file replaced by a link of another blob while a commit marked the
        // format, the crash coming before its journal line
        Store store = new Store(root);
        store.upload("job1", "a.bin", "one\n");
        store.upload("job1", "b.bin", "untouched\n");
        store.upload("job2", "a.bin", "two\n"); // the blob of the new bytes
        store.formats.fold(bin);
        Path dir = bin.dir(root);
        store.locks.replacing(bin); // never closed: the commit died
        Path temp = Files.createLink(root.resolve(".uploads").resolve(Tree.randomHex()), store.blob(utf8("two\n")));
        Files.move(temp, dir.resolve("a.bin"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Store.digest(utf8("one\n")).toString(), new Store(root).repository.digests(bin).get("a.bin"),
                "the record names the former bytes");

        // when a server starts
        Store after = new Store(root);
        assertEquals(1, recovery(after, () -> { }).recover());

        // then the file is recorded as it is, the other as it was
        assertEquals(Map.of("a.bin", Store.digest(utf8("two\n")).toString(), "b.bin", Store.digest(utf8("untouched\n")).toString()),
                DigestsFile.read(dir));
        assertEquals(Store.digest(utf8("two\n")).toString(), after.repository.digests(bin).get("a.bin"));
        try (Stream<Path> marks = Files.list(root.resolve(".locks/replacing"))) {
            assertEquals(0, marks.count(), "the mark is gone");
        }
        store.formats.close();
        after.formats.close();
    }

    @Test
    void a_commit_that_replaces_a_file_leaves_no_mark_when_it_ends() throws Exception {
        Store store = new Store(root);
        store.upload("job1", "a.bin", "one\n");
        store.upload("job1", "a.bin", "two\n");
        assertTrue(Files.isDirectory(root.resolve(".locks/replacing")), "the replacing commit marked its format");
        try (Stream<Path> marks = Files.list(root.resolve(".locks/replacing"))) {
            assertEquals(0, marks.count());
        }
        store.formats.close();
    }

    private static CrashRecovery recovery(Store store, Runnable endLeftovers) {
        PostProcess post = new PostProcess() {
            @Override
            public boolean appliesTo(Set<String> paths) {
                return false;
            }

            @Override
            public Outcome run(Path formatDir) {
                return Outcome.success("");
            }

            @Override
            public void endLeftovers() {
                endLeftovers.run();
            }
        };
        return new CrashRecovery(store.tree, store.locks, store.blobs, store.staging, store.formats, post);
    }

    private static String linksOf(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder out = new StringBuilder();
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                out.append(out.length() == 0 ? "" : " ").append(f.getFileName()).append('=').append(Store.nlink(f));
            }
            return out.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertEveryFileIsALinkOfItsBlob(Store store, Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                assertEquals(Store.inode(store.blob(Files.readAllBytes(f))), Store.inode(f), f + " is a link of its blob");
            }
        }
    }
}
