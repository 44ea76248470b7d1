package dev.dlrepo.storage;

import static dev.dlrepo.storage.Store.inode;
import static dev.dlrepo.storage.Store.nlink;
import static dev.dlrepo.storage.Store.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.PostProcessFailed;
import dev.dlrepo.postprocess.CommandPostProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finalize with a real shell script as post-process command, on a real file system. */
class PostProcessTest {
    @TempDir
    Path root;
    @TempDir
    Path scripts;

    Store store(String script, String... settings) throws Exception {
        Path cmd = scripts.resolve("post-process.sh");
        Files.writeString(cmd, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(cmd, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> values = new java.util.HashMap<>(Map.of("DLREPO_POST_PROCESS_CMD", cmd.toString()));
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        Tree tree = new Tree(root);
        return new Store(root, new CommandPostProcess(Settings.of(values), tree), flatten(values));
    }

    private static String[] flatten(Map<String, String> values) {
        return values.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    @Test
    void a_file_shared_by_two_jobs_keeps_its_bytes_when_the_other_job_is_post_processed() throws Exception {
        // given two jobs holding the same rpm (one blob, two links)
        Store store = store("for f in *.rpm; do echo signed >> \"$f\"; done");
        store.upload("job1", "foo.rpm", "rpm\n");
        store.upload("job2", "foo.rpm", "rpm\n");
        Path blob = store.blob(utf8("rpm\n"));
        Object jobB = inode(store.file("job2", "foo.rpm"));
        // when job A is finalized and its command signs the rpm in place
        store.repository.finalizeFormat(Store.format("job1", "bin"));
        // then job B's rpm has its original bytes, inode and digest; the blob is unchanged
        assertEquals("rpm\n", Files.readString(store.file("job2", "foo.rpm")));
        assertEquals(jobB, inode(store.file("job2", "foo.rpm")));
        assertEquals("rpm\n", Files.readString(blob));
        assertEquals(Map.of("foo.rpm", Store.digest(utf8("rpm\n")).toString()), DigestsFile.read(store.file("job2", ".")));
        // and job A's rpm is a link of the blob of its new bytes, which .digests names
        byte[] signed = utf8("rpm\nsigned\n");
        assertEquals("rpm\nsigned\n", Files.readString(store.file("job1", "foo.rpm")));
        assertEquals(inode(store.blob(signed)), inode(store.file("job1", "foo.rpm")));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.blob(signed))));
        assertEquals(Map.of("foo.rpm", Store.digest(signed).toString()), DigestsFile.read(store.file("job1", ".")));
        assertFalse(Files.exists(store.file("job1", ".dirty")));
        // when job B is finalized too, its rpm joins the existing signed blob
        store.repository.finalizeFormat(Store.format("job2", "bin"));
        assertEquals(inode(store.blob(signed)), inode(store.file("job2", "foo.rpm")));
        assertEquals(3L, nlink(store.blob(signed)));
        assertEquals(1L, nlink(blob), "the unsigned blob is left for the orphan sweep");
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void files_the_command_leaves_alone_are_links_of_their_old_blobs_again() throws Exception {
        Store store = store("echo changed >> a.txt");
        store.upload("job1", "a.txt", "a");
        store.upload("job1", "sub/b.txt", "b");
        store.upload("job2", "b.txt", "b");
        store.repository.finalizeFormat(Store.format("job1", "bin"));
        assertEquals(inode(store.blob(utf8("b"))), inode(store.file("job1", "sub/b.txt")));
        assertEquals(3L, nlink(store.blob(utf8("b"))), "no private copy left over");
        assertEquals(inode(store.blob(utf8("achanged\n"))), inode(store.file("job1", "a.txt")));
        assertEquals(0, store.uploadsLeft());
    }

    @Test
    void files_the_command_adds_are_listed_and_files_it_deletes_are_gone() throws Exception {
        Store store = store("rm old.txt && mkdir -p repodata && printf meta > repodata/repomd.xml");
        store.upload("job1", "old.txt", "old");
        store.upload("job1", "keep.txt", "keep");
        store.repository.finalizeFormat(Store.format("job1", "bin"));
        TreeMap<String, String> digests = DigestsFile.read(store.file("job1", "."));
        assertEquals(new TreeMap<>(Map.of("keep.txt", Store.digest(utf8("keep")).toString(),
                "repodata/repomd.xml", Store.digest(utf8("meta")).toString())), digests);
        assertEquals(inode(store.blob(utf8("meta"))), inode(store.file("job1", "repodata/repomd.xml")));
    }

    @Test
    void a_filter_that_matches_no_file_runs_nothing_and_copies_nothing() throws Exception {
        Store store = store("touch ran", "DLREPO_POST_PROCESS_FILTER", "^(.+\\.rpm|Release)$");
        store.upload("job1", "a.txt", "a");
        Object before = inode(store.file("job1", "a.txt"));
        store.repository.finalizeFormat(Store.format("job1", "bin"));
        assertFalse(Files.exists(store.file("job1", "ran")));
        assertEquals(before, inode(store.file("job1", "a.txt")));
        assertFalse(Files.exists(store.file("job1", ".dirty")));
    }

    @Test
    void a_filter_is_anchored_at_the_start_only_like_re_match() throws Exception {
        Store store = store("touch ran", "DLREPO_POST_PROCESS_FILTER", "pool/");
        store.upload("job1", "pool/main/x.deb", "deb");
        store.repository.finalizeFormat(Store.format("job1", "bin"));
        assertTrue(Files.exists(store.file("job1", "ran")));
    }

    @Test
    void a_failing_command_answers_its_output_keeps_the_flag_and_leaves_the_format_consistent() throws Exception {
        Store store = store("echo more >> a.txt; echo 'gpg: no key' >&2; exit 3");
        store.upload("job1", "a.txt", "a");
        store.upload("job2", "a.txt", "a");
        PostProcessFailed e = assertThrows(PostProcessFailed.class,
                () -> store.repository.finalizeFormat(Store.format("job1", "bin")));
        assertEquals("post process failed", e.reason());
        assertTrue(e.output().contains("exited 3") && e.output().contains("gpg: no key"), e.output());
        assertTrue(Files.exists(store.file("job1", ".dirty")), "the flag stays set");
        assertConsistent(store, "job1");
        assertEquals("a", Files.readString(store.file("job2", "a.txt")), "nothing shared touched");
    }

    @Test
    void a_command_past_its_timeout_is_killed_with_its_children() throws Exception {
        Store store = store("(sleep 60; touch late) & sleep 60", "DLREPO_POST_PROCESS_TIMEOUT", "1");
        store.upload("job1", "a.txt", "a");
        long start = System.nanoTime();
        PostProcessFailed e = assertThrows(PostProcessFailed.class,
                () -> store.repository.finalizeFormat(Store.format("job1", "bin")));
        assertTrue(e.output().contains("timed out after 1 s"), e.output());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "did not wait for the command");
        assertConsistent(store, "job1");
    }

    @Test
    void a_command_cannot_write_into_blobs_or_other_jobs() throws Exception {
        Store probe = new Store(root);
        probe.upload("job2", "a.txt", "a");
        String hex = Store.digest(utf8("a")).hex();
        String blob = "../../../../../.blobs/sha256/" + hex.substring(0, 2) + "/" + hex;
        Store store = store("chmod u+w " + blob + "; echo evil >> " + blob + "; echo evil >> ../../job2/bin/a.txt; exit 0");
        store.upload("job1", "a.txt", "a");
        store.repository.finalizeFormat(Store.format("job1", "bin"));
        assertEquals("a", Files.readString(store.blob(utf8("a"))), "the blob keeps its bytes");
        assertEquals("a", Files.readString(store.file("job2", "a.txt")), "the other job keeps its bytes");
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.blob(utf8("a")))));
    }

    @Test
    void files_on_disk_without_digests_are_listed_after_finalize() throws Exception {
        Store store = store("true");
        Path dir = Files.createDirectories(root.resolve("branches/main/t1/job1/bin"));
        Files.writeString(dir.resolve("foo.txt"), "by hand");
        store.repository.finalizeFormat(Store.format("job1", "bin"));
        assertEquals(Map.of("foo.txt", Store.digest(utf8("by hand")).toString()), DigestsFile.read(dir));
        assertEquals(inode(store.blob(utf8("by hand"))), inode(dir.resolve("foo.txt")));
    }

    @Test
    void an_upload_during_finalize_waits_for_it_and_makes_the_format_dirty_again() throws Exception {
        Store store = store("touch " + scripts.resolve("started") + "; sleep 1; echo signed >> a.txt");
        store.upload("job1", "a.txt", "a");
        var finalize = java.util.concurrent.CompletableFuture.runAsync(
                () -> store.repository.finalizeFormat(Store.format("job1", "bin")));
        while (!Files.exists(scripts.resolve("started"))) {
            Thread.sleep(10);
        }
        // when a file is uploaded while the command runs
        store.upload("job1", "late.txt", "late");
        // then the upload was serialized after the finalize
        assertTrue(finalize.isDone(), "the upload waited for the finalize");
        finalize.get();
        assertEquals(new TreeMap<>(Map.of("a.txt", Store.digest(utf8("asigned\n")).toString(),
                "late.txt", Store.digest(utf8("late")).toString())), DigestsFile.read(store.file("job1", ".")));
        assertTrue(Files.exists(store.file("job1", ".dirty")), "dirty again: the upload came after");
    }

    /** Every file listed is on disk, hashes to its digest and is a link of that blob; nothing else. */
    static void assertConsistent(Store store, String job) throws Exception {
        Path dir = store.file(job, ".").normalize();
        TreeMap<String, String> digests = DigestsFile.read(dir);
        for (var e : digests.entrySet()) {
            byte[] bytes = Files.readAllBytes(dir.resolve(e.getKey()));
            assertEquals(Store.digest(bytes).toString(), e.getValue(), e.getKey());
            assertEquals(inode(store.blob(bytes)), inode(dir.resolve(e.getKey())), e.getKey());
        }
        assertEquals(digests.keySet(), new java.util.TreeSet<>(PrivateCopies.regularFiles(dir).stream()
                .map(p -> PrivateCopies.relative(dir, p)).toList()));
        assertEquals(0, store.uploadsLeft());
    }
}
