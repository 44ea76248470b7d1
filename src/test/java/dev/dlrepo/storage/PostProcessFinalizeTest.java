package dev.dlrepo.storage;

import static dev.dlrepo.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.PostProcessFailed;
import dev.dlrepo.postprocess.CommandPostProcess;
import dev.dlrepo.testing.Processes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finalizing a format with a post-process command, on a real file system with real shell
 * scripts: the command only ever sees private copies, and afterwards every file of the format is
 * a hard link of the blob of its content again.
 */
class PostProcessFinalizeTest {
    private static final byte[] RPM = utf8("an unsigned rpm\n");
    private static final String SIGNATURE = "== signed ==\n";
    private static final byte[] SIGNED = utf8("an unsigned rpm\n" + SIGNATURE);

    @TempDir
    Path tmp;
    private Path root;
    private Repository repository;
    private Tree tree;
    private Staging staging;
    private BlobStore blobs;
    private Formats formats;
    private Browser browser;

    private final FormatRef jobA = FormatRef.of(Repo.ROOT, "main", "t1", "job-a", "rpm");
    private final FormatRef jobB = FormatRef.of(Repo.ROOT, "main", "t1", "job-b", "rpm");

    @Test
    void a_file_shared_by_two_jobs_keeps_its_bytes_when_the_other_job_is_post_processed() throws IOException {
        // given two jobs holding the same rpm: one blob, two links
        start(script("sign.sh", "for f in *.rpm; do printf '" + SIGNATURE.replace("\n", "\\n") + "' >> \"$f\"; done"));
        upload(jobA, "foo.rpm", RPM);
        upload(jobB, "foo.rpm", RPM);
        Path original = blob(sha256(RPM));
        Object originalInode = inode(original);
        assertEquals(3L, nlink(original), "blob + two jobs");

        // when job A is finalized and its command signs the rpm
        repository.finalizeFormat(jobA);

        // then job B's rpm has its original bytes, inode and digest
        Path fileB = jobB.dir(root).resolve("foo.rpm");
        assertArrayEquals(RPM, Files.readAllBytes(fileB));
        assertEquals(originalInode, inode(fileB));
        assertEquals(Map.of("foo.rpm", sha256(RPM)), repository.digests(jobB));
        // and the original blob is unchanged
        assertArrayEquals(RPM, Files.readAllBytes(original));
        assertEquals(sha256(RPM), sha256(Files.readAllBytes(original)));
        assertEquals(2L, nlink(original), "blob + job B");
        // and job A's rpm is a link of a new blob of the signed bytes
        Path fileA = jobA.dir(root).resolve("foo.rpm");
        String signed = sha256(SIGNED);
        assertArrayEquals(SIGNED, Files.readAllBytes(fileA));
        assertEquals(Map.of("foo.rpm", signed), repository.digests(jobA));
        assertEquals(signed, repository.file(jobA, new ArtifactPath("foo.rpm")).digest().orElseThrow().toString());
        Path signedBlob = blob(signed);
        assertEquals(inode(signedBlob), inode(fileA));
        assertEquals("r--r--r--", mode(signedBlob));
        assertEquals(2L, nlink(signedBlob), "blob + job A");
        assertFalse(repository.format(jobA).dirty());
        assertConsistent(jobA);
        assertConsistent(jobB);

        // when job B is finalized with the same command
        repository.finalizeFormat(jobB);

        // then its own private copy is signed and linked to the same new blob
        assertArrayEquals(SIGNED, Files.readAllBytes(fileB));
        assertEquals(inode(signedBlob), inode(fileB));
        assertEquals(inode(fileA), inode(fileB));
        assertEquals(3L, nlink(signedBlob), "blob + two jobs");
        assertEquals(1L, nlink(original), "an orphan now, for the sweep");
        assertArrayEquals(RPM, Files.readAllBytes(original));
        assertConsistent(jobA);
        assertConsistent(jobB);
        assertNoUploadsLeft();
    }

    @Test
    void a_private_copy_never_becomes_a_blob_so_a_command_still_holding_it_cannot_write_into_one() throws IOException {
        // given two jobs sharing two files, and a command that opens both, signs one, and keeps
        // them open (as a process would that outlives its command)
        byte[] readme = utf8("readme\n");
        java.util.List<java.nio.channels.FileChannel> held = new java.util.ArrayList<>();
        start(null);
        upload(jobA, "foo.rpm", RPM);
        upload(jobA, "readme.txt", readme);
        upload(jobB, "foo.rpm", RPM);
        upload(jobB, "readme.txt", readme);
        PostProcess keepsFilesOpen = new PostProcess() {
            @Override
            public boolean appliesTo(java.util.Set<String> paths) {
                return true;
            }

            @Override
            public Outcome run(Path dir) {
                try {
                    for (String name : new String[] {"foo.rpm", "readme.txt"}) {
                        held.add(java.nio.channels.FileChannel.open(dir.resolve(name), java.nio.file.StandardOpenOption.WRITE,
                                java.nio.file.StandardOpenOption.APPEND));
                    }
                    held.get(0).write(java.nio.ByteBuffer.wrap(utf8(SIGNATURE)));
                    return Outcome.success("");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        repository = new Repository(repository, keepsFilesOpen);

        // when job A is finalized, and the files it held are written after its files are links of blobs again
        repository.finalizeFormat(jobA);
        for (java.nio.channels.FileChannel channel : held) {
            try (channel) {
                channel.write(java.nio.ByteBuffer.wrap(utf8("too late\n")));
            }
        }

        // then every blob still holds the bytes of its name, and both jobs' files their digest's bytes
        for (String digest : new String[] {sha256(RPM), sha256(SIGNED), sha256(readme)}) {
            assertEquals(digest, sha256(Files.readAllBytes(blob(digest))));
        }
        assertEquals(Map.of("foo.rpm", sha256(SIGNED), "readme.txt", sha256(readme)), repository.digests(jobA));
        assertArrayEquals(SIGNED, Files.readAllBytes(jobA.dir(root).resolve("foo.rpm")));
        assertArrayEquals(readme, Files.readAllBytes(jobA.dir(root).resolve("readme.txt")));
        assertArrayEquals(RPM, Files.readAllBytes(jobB.dir(root).resolve("foo.rpm")));
        assertArrayEquals(readme, Files.readAllBytes(jobB.dir(root).resolve("readme.txt")));
        assertConsistent(jobA);
        assertConsistent(jobB);
    }

    @Test
    void files_the_command_does_not_touch_go_back_to_their_original_blob() throws IOException {
        // given a format of three files, one of them shared with another job
        start(script("sign.sh", "printf 'x' >> b.rpm"));
        upload(jobA, "a.txt", utf8("a\n"));
        upload(jobA, "b.rpm", RPM);
        upload(jobA, "sub/c.txt", utf8("c\n"));
        upload(jobB, "a.txt", utf8("a\n"));
        Object inodeA = inode(blob(sha256(utf8("a\n"))));
        Object inodeC = inode(blob(sha256(utf8("c\n"))));

        // when the command modifies only one file
        repository.finalizeFormat(jobA);

        // then the others are links of their old blobs again, with no private copy left over
        Path dir = jobA.dir(root);
        assertEquals(inodeA, inode(dir.resolve("a.txt")));
        assertEquals(inodeC, inode(dir.resolve("sub/c.txt")));
        assertEquals(3L, nlink(blob(sha256(utf8("a\n")))), "blob + two jobs");
        assertEquals(2L, nlink(blob(sha256(utf8("c\n")))), "blob + job A");
        assertEquals(1L, nlink(blob(sha256(RPM))), "no job holds the unsigned rpm any more");
        assertEquals(2L, nlink(dir.resolve("b.rpm")), "blob + job A");
        assertEquals(sha256(utf8("an unsigned rpm\nx")), repository.digests(jobA).get("b.rpm"));
        assertConsistent(jobA);
        assertConsistent(jobB);
        assertNoUploadsLeft();
    }

    @Test
    void a_file_the_command_adds_is_listed_and_one_it_deletes_is_gone() throws IOException {
        // given a format of two files
        start(script("repo.sh", "mkdir -p repodata && printf 'meta\\n' > repodata/repomd.xml && rm gone.txt"));
        upload(jobA, "kept.rpm", RPM);
        upload(jobA, "gone.txt", utf8("bye\n"));

        // when its command adds one file and deletes the other
        repository.finalizeFormat(jobA);

        // then .digests lists exactly the files on disk, each linked to its blob
        assertEquals(Map.of("kept.rpm", sha256(RPM), "repodata/repomd.xml", sha256(utf8("meta\n"))),
                repository.digests(jobA));
        assertEquals(inode(blob(sha256(utf8("meta\n")))), inode(jobA.dir(root).resolve("repodata/repomd.xml")));
        assertEquals(1L, nlink(blob(sha256(utf8("bye\n")))), "only the blob is left");
        assertConsistent(jobA);
        assertNoUploadsLeft();
    }

    @Test
    void symbolic_links_or_special_files_left_by_the_command_are_removed_and_the_finalize_fails_naming_them() throws IOException {
        // given a command that replaces a file by a link out of the tree, links a directory and makes a fifo
        start(script("links.sh", "rm foo.rpm && ln -s /etc/passwd foo.rpm && ln -s / sub/root && mkfifo pipe"));
        upload(jobA, "foo.rpm", RPM);
        upload(jobA, "sub/kept.txt", utf8("kept\n"));
        upload(jobB, "foo.rpm", RPM);

        // when the format is finalized
        PostProcessFailed failure = assertThrows(PostProcessFailed.class, () -> repository.finalizeFormat(jobA));

        // then it fails naming them, none is left in the format, and the rest is consistent
        assertTrue(failure.output().contains("symbolic links or special files"), failure.output());
        for (String name : List.of("foo.rpm", "sub/root", "pipe")) {
            assertTrue(failure.output().contains(name), failure.output());
            assertFalse(Files.exists(jobA.dir(root).resolve(name), LinkOption.NOFOLLOW_LINKS), name);
        }
        assertTrue(repository.format(jobA).dirty());
        assertEquals(Map.of("sub/kept.txt", sha256(utf8("kept\n"))), repository.digests(jobA));
        assertConsistent(jobA);
        assertArrayEquals(RPM, Files.readAllBytes(jobB.dir(root).resolve("foo.rpm")), "the other job keeps its file");
        assertNoUploadsLeft();
    }

    @Test
    void a_filter_that_matches_no_file_skips_the_command_and_copies_nothing() throws IOException {
        // given a command that would leave a marker, and a filter for rpms only
        Path marker = tmp.resolve("marker");
        start(script("mark.sh", "touch '" + marker + "'"), Settings.POST_PROCESS_FILTER, "^.+\\.rpm$");
        upload(jobA, "readme.txt", utf8("hello\n"));
        Path file = jobA.dir(root).resolve("readme.txt");
        Object before = inode(file);

        // when the format is finalized
        repository.finalizeFormat(jobA);

        // then the command did not run, the file was not copied and the format is clean
        assertFalse(Files.exists(marker));
        assertEquals(before, inode(file));
        assertEquals(2L, nlink(file), "blob + job A");
        assertFalse(repository.format(jobA).dirty());

        // and a format holding an rpm does run it
        upload(jobB, "foo.rpm", RPM);
        repository.finalizeFormat(jobB);
        assertTrue(Files.exists(marker));
    }

    @Test
    void a_failing_command_leaves_the_format_dirty_and_consistent() throws IOException {
        // given a command that modifies a shared file, then fails
        start(script("fail.sh", "printf 'half signed' >> foo.rpm; echo 'gpg: no default secret key' >&2; exit 3"));
        upload(jobA, "foo.rpm", RPM);
        upload(jobA, "other.txt", utf8("other\n"));
        upload(jobB, "foo.rpm", RPM);

        // when the format is finalized
        PostProcessFailed failure = assertThrows(PostProcessFailed.class, () -> repository.finalizeFormat(jobA));

        // then the failure carries the exit status and the output
        assertTrue(failure.output().contains("exited 3"), failure.output());
        assertTrue(failure.output().contains("gpg: no default secret key"), failure.output());
        assertEquals("post process failed", failure.reason());
        // and the format stays dirty, its .digests describing the files as they are now
        assertTrue(repository.format(jobA).dirty());
        assertEquals(sha256(utf8("an unsigned rpm\nhalf signed")), repository.digests(jobA).get("foo.rpm"));
        assertConsistent(jobA);
        // and nothing shared was touched
        assertArrayEquals(RPM, Files.readAllBytes(blob(sha256(RPM))));
        assertArrayEquals(RPM, Files.readAllBytes(jobB.dir(root).resolve("foo.rpm")));
        assertEquals(Map.of("foo.rpm", sha256(RPM)), repository.digests(jobB));
        assertNoUploadsLeft();
    }

    @Test
    void a_failing_command_that_removed_the_dirty_flag_leaves_the_format_dirty_anyway() throws IOException {
        // given a command that removes the format's dirty flag, then fails
        start(script("undirty.sh", "rm -f .dirty; exit 1"));
        upload(jobA, "foo.rpm", RPM);

        // when the format is finalized, then it failed and the format is still dirty
        assertThrows(PostProcessFailed.class, () -> repository.finalizeFormat(jobA));
        assertTrue(repository.format(jobA).dirty());
        assertConsistent(jobA);
    }

    @Test
    void an_io_failure_after_the_command_is_a_post_process_failure() throws IOException {
        // given a command that puts a directory where .digests must be written
        start(script("break.sh", "rm -f .digests && mkdir -p .digests/x && echo 'made a mess'"));
        upload(jobA, "foo.rpm", RPM);

        // when the format is finalized
        PostProcessFailed failure = assertThrows(PostProcessFailed.class, () -> repository.finalizeFormat(jobA));

        // then it failed as upstream reports any OS-level failure of this step, saying what broke
        assertEquals("post process failed", failure.reason());
        assertTrue(failure.output().contains(".digests"), failure.output());
        assertTrue(failure.output().contains("made a mess"), failure.output());
        assertTrue(repository.format(jobA).dirty());
        // and the shared blob is intact, the file a link of it, no staged file left
        assertEquals(inode(blob(sha256(RPM))), inode(jobA.dir(root).resolve("foo.rpm")));
        assertArrayEquals(RPM, Files.readAllBytes(blob(sha256(RPM))));
        assertNoUploadsLeft();
    }

    @Test
    void a_command_cannot_write_into_a_blob_or_another_job_through_a_relative_path() throws IOException {
        // only a server running as root puts the command in a read-only view of the data directory;
        // otherwise it may chmod and write anything the server owns
        assumeRoot();
        // given a command that tries the blob behind its own file and the file of another job
        String hex = sha256(RPM).substring("sha256:".length());
        Path blobRelative = Path.of("../../../../../.blobs/sha256", hex.substring(0, 2), hex);
        start(script("escape.sh",
                "chmod u+w '" + blobRelative + "' || true\n"
                + "printf 'EVIL' >> '" + blobRelative + "' || true\n"
                + "chmod u+w ../../job-b/rpm/foo.rpm || true\n"
                + "printf 'EVIL' >> ../../job-b/rpm/foo.rpm || true\n"
                + "printf 'EVIL' > ../../job-b/rpm/new.txt || true\n"));
        upload(jobA, "foo.rpm", RPM);
        upload(jobB, "foo.rpm", RPM);

        // when the format is finalized
        repository.finalizeFormat(jobA);

        // then the blob and the other job keep their bytes and modes
        Path original = blob(sha256(RPM));
        assertArrayEquals(RPM, Files.readAllBytes(original));
        assertEquals("r--r--r--", mode(original));
        assertArrayEquals(RPM, Files.readAllBytes(jobB.dir(root).resolve("foo.rpm")));
        assertFalse(Files.exists(jobB.dir(root).resolve("new.txt")));
        assertEquals(inode(original), inode(jobA.dir(root).resolve("foo.rpm")));
        assertConsistent(jobA);
        assertConsistent(jobB);
    }

    @Test
    void a_child_left_behind_by_the_command_cannot_write_into_the_relinked_files() throws Exception {
        assumeRoot();
        // given a command that leaves a background child writing to its file once it has ended
        Path wrote = tmp.resolve("child-wrote");
        start(script("daemon.sh", "(sleep 1; printf 'EVIL' >> foo.rpm && touch '" + wrote + "') </dev/null >/dev/null 2>&1 &"));
        upload(jobA, "foo.rpm", RPM);
        upload(jobB, "foo.rpm", RPM);

        // when the format is finalized, and no process of the script is left to write
        repository.finalizeFormat(jobA);
        eventually(Duration.ofSeconds(30), "the script's processes end", () -> !Processes.anyMentioning(tmp.toString()));

        // then the child was gone with the command: the blob, now linked again, keeps its bytes
        assertFalse(Files.exists(wrote), "the child outlived the command");
        assertArrayEquals(RPM, Files.readAllBytes(blob(sha256(RPM))));
        assertArrayEquals(RPM, Files.readAllBytes(jobB.dir(root).resolve("foo.rpm")));
        assertConsistent(jobA);
    }

    @Test
    void files_placed_by_hand_without_digests_get_digests_and_blobs() throws IOException {
        // given a format whose files were copied in by hand: no .digests, no blobs
        start(script("noop.sh", "true"));
        Path dir = jobA.dir(root);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("a.txt"), utf8("a\n"));
        Files.write(dir.resolve("sub/b.bin"), RPM);

        // when it is finalized with a command that changes nothing
        repository.finalizeFormat(jobA);

        // then the digests appear and every file is a link of its blob
        assertEquals(Map.of("a.txt", sha256(utf8("a\n")), "sub/b.bin", sha256(RPM)), repository.digests(jobA));
        assertEquals(sha256(RPM), repository.file(jobA, new ArtifactPath("sub/b.bin")).digest().orElseThrow().toString());
        assertConsistent(jobA);
        assertNoUploadsLeft();
    }

    @Test
    void without_a_command_finalizing_only_clears_the_dirty_flag() throws IOException {
        // given no command configured
        start(null);
        upload(jobA, "foo.rpm", RPM);
        Object before = inode(jobA.dir(root).resolve("foo.rpm"));

        // when the format is finalized
        repository.finalizeFormat(jobA);

        // then it is clean and its file untouched
        assertFalse(repository.format(jobA).dirty());
        assertEquals(before, inode(jobA.dir(root).resolve("foo.rpm")));
        assertConsistent(jobA);
    }

    // ----------------------------------------------------------------------------------------

    private void start(Path command, String... more) {
        root = tmp.resolve("data");
        Map<String, String> values = new HashMap<>();
        values.put(Settings.ROOT_DIR, root.toString());
        if (command != null) {
            values.put(Settings.POST_PROCESS_CMD, command.toString());
        }
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        Settings settings = Settings.of(values);
        PostProcess postProcess = new CommandPostProcess(settings);
        Storage storage = Storage.open(root, settings, postProcess, u -> Quota.NONE);
        tree = storage.tree();
        staging = storage.staging();
        blobs = storage.blobs();
        formats = storage.formats();
        browser = storage.browser();
        repository = storage.repository();
    }

    /** A shell script in the temp dir (outside the data directory), run from the format directory. */
    private Path script(String name, String body) throws IOException {
        Path file = tmp.resolve("bin").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private void upload(FormatRef ref, String path, byte[] data) {
        repository.upload(ref, new ArtifactPath(path), Digest.parse(sha256(data)), new ByteArrayInputStream(data), false);
    }

    private Path blob(String digest) {
        return Digest.parse(digest).blobPath(root.resolve(".blobs"));
    }

    /** Every listed file hashes to its digest and is a link of that blob; nothing unlisted lies around. */
    private void assertConsistent(FormatRef ref) throws IOException {
        Path dir = ref.dir(root);
        TreeMap<String, String> digests = repository.digests(ref);
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> dir.relativize(p).toString())
                    .filter(p -> !ArtifactPath.RESERVED.contains(p))
                    .forEach(onDisk::add);
        }
        assertEquals(onDisk, digests.keySet(), "files on disk of " + ref.key());
        for (Map.Entry<String, String> e : digests.entrySet()) {
            Path file = dir.resolve(e.getKey());
            assertEquals(e.getValue(), sha256(Files.readAllBytes(file)), e.getKey());
            Path blob = blob(e.getValue());
            assertEquals(inode(blob), inode(file), e.getKey() + " is a link of its blob");
            assertEquals("r--r--r--", mode(blob), e.getKey());
        }
    }

    private void assertNoUploadsLeft() throws IOException {
        try (Stream<Path> uploads = Files.list(root.resolve(".uploads"))) {
            assertEquals(0, uploads.count(), ".uploads is empty");
        }
    }

    static Object inode(Path p) throws IOException {
        Object key = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        assertNotEquals(null, key);
        return key;
    }

    static long nlink(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:" + Digest.toHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** CI runs as root (CI=true): there a missing root is a failure, never a silent skip. */
    private static void assumeRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run these tests as root: the read-only namespace needs it");
        }
        assumeTrue(root, "the read-only namespace needs root");
    }
}
