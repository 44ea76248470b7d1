package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Finalizing a format ({@code PATCH …/{format}/}) with a post-process command, over HTTP against
 * the real WAR, looking at the server's data directory from the outside. The commands are shell
 * scripts written next to the data directories before deployment.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PostProcessIT {
    private static final Path SCRIPTS = Path.of(System.getProperty("it.data")).resolveSibling("pp-scripts");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the command does depends on marker files uploaded with the format: fail, sleep, add
     * and delete files, or try to write outside it; by default it signs every {@code *.rpm}.
     */
    @Deployment(name = "pp", testable = false)
    static WebArchive postProcess() {
        return deploy("pp", script("pp.sh", """
                echo "post-process in $PWD"
                job=$(basename "$(dirname "$PWD")")
                if [ -e fail.me ]; then
                    printf 'half signed' >> foo.rpm
                    echo 'gpg: signing failed: No secret key' >&2
                    exit 3
                fi
                if [ -e slow.me ]; then
                    touch "%1$s/started-$job"
                    sleep 2
                    touch "%1$s/done-$job"
                fi
                if [ -e escape.me ]; then
                    other=$(cat escape.me)
                    h=$(sha256sum foo.rpm | cut -c1-64)
                    blob="../../../../../.blobs/sha256/$(echo "$h" | cut -c1-2)/$h"
                    chmod u+w "$blob"; printf 'EVIL' >> "$blob"
                    chmod u+w "$other/foo.rpm"; printf 'EVIL' >> "$other/foo.rpm"
                    exit 0
                fi
                if [ -e add-delete.me ]; then
                    mkdir -p repodata && echo meta > repodata/repomd.xml && rm add-delete.me
                fi
                for f in *.rpm; do
                    if [ -e "$f" ]; then printf '== signed ==\\n' >> "$f"; fi
                done
                """.formatted(SCRIPTS)));
    }

    @Deployment(name = "pp-timeout", testable = false)
    static WebArchive timeout() {
        return deploy("pp-timeout", script("pp-timeout.sh", """
                (sleep 4; touch "%s/child-was-here") &
                echo 'started a child, sleeping'
                sleep 60
                """.formatted(SCRIPTS)), "DLREPO_POST_PROCESS_TIMEOUT", "2");
    }

    @Deployment(name = "pp-filter", testable = false)
    static WebArchive filter() {
        return deploy("pp-filter", script("pp-filter.sh", "touch \"%s/filter-ran-$(basename \"$PWD\")\"".formatted(SCRIPTS)),
                "DLREPO_POST_PROCESS_FILTER", "^.+\\.rpm$");
    }

    @ArquillianResource
    @OperateOnDeployment("pp")
    URL pp;

    @ArquillianResource
    @OperateOnDeployment("pp-timeout")
    URL ppTimeout;

    @ArquillianResource
    @OperateOnDeployment("pp-filter")
    URL ppFilter;

    @Test
    void a_file_shared_by_two_jobs_keeps_its_bytes_when_the_other_job_is_signed() throws IOException {
        byte[] rpm = rpm("seed");
        byte[] signedRpm = signed(rpm);
        Http http = new Http(pp);
        Path root = data("pp");
        // given two jobs holding the same rpm: one blob, two links
        put(http, "/branches/main/seed/job-a/rpm/foo.rpm", rpm);
        put(http, "/branches/main/seed/job-b/rpm/foo.rpm", rpm);
        Path original = blob(root, Http.sha256(rpm));
        Object originalInode = inode(original);
        Path fileA = root.resolve("branches/main/seed/job-a/rpm/foo.rpm");
        Path fileB = root.resolve("branches/main/seed/job-b/rpm/foo.rpm");
        assertEquals(originalInode, inode(fileB));

        // when job A is finalized and its command signs the rpm
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/seed/job-a/rpm/");

        // then job B's rpm keeps its bytes, inode and digest
        assertEquals(200, patch.statusCode(), patch.body());
        assertArrayEquals(rpm, Files.readAllBytes(fileB));
        assertEquals(originalInode, inode(fileB));
        assertEquals(Map.of("foo.rpm", "sha256:" + Http.sha256(rpm)), digests(fileB.getParent()));
        // and the original blob is unchanged
        assertArrayEquals(rpm, Files.readAllBytes(original));
        assertEquals(Http.sha256(rpm), Http.sha256(Files.readAllBytes(original)));
        // and job A's rpm hashes to the digest that .digests and the API report
        String signed = Http.sha256(signedRpm);
        assertArrayEquals(signedRpm, Files.readAllBytes(fileA));
        assertEquals(Map.of("foo.rpm", "sha256:" + signed), digests(fileA.getParent()));
        HttpResponse<byte[]> get = http.getBytes("/branches/main/seed/job-a/rpm/foo.rpm");
        assertEquals(200, get.statusCode());
        assertArrayEquals(signedRpm, get.body());
        assertEquals("sha256:" + signed, get.headers().firstValue("Digest").orElse(null));
        assertEquals(signed + "  foo.rpm\n", http.get("/branches/main/seed/job-a/rpm/foo.rpm.sha256").body());
        assertEquals(signed + "  foo.rpm\n", http.get("/branches/main/seed/job-a/rpm.sha256").body());
        // and that digest's blob exists, read-only, and job A's rpm is a link of it
        Path signedBlob = blob(root, signed);
        assertEquals("r--r--r--", mode(signedBlob));
        assertEquals(inode(signedBlob), inode(fileA));
        assertEquals(200, http.head("/branches/main/seed/job-a/rpm/").statusCode(), "finalized");
        assertEquals(404, http.head("/branches/main/seed/job-b/rpm/").statusCode(), "still dirty");

        // when job B is finalized with the same command
        patch = http.method("PATCH", "/branches/main/seed/job-b/rpm/");

        // then its rpm is signed too and linked to the same new blob
        assertEquals(200, patch.statusCode(), patch.body());
        assertArrayEquals(signedRpm, Files.readAllBytes(fileB));
        assertEquals(inode(fileA), inode(fileB));
        assertEquals(3L, nlink(signedBlob), "blob + two jobs");
        assertArrayEquals(rpm, Files.readAllBytes(original));
        assertConsistent(root, fileA.getParent());
        assertConsistent(root, fileB.getParent());
        assertNoUploadsLeft(root);
    }

    @Test
    void a_command_that_adds_and_deletes_files_leaves_digests_of_exactly_the_files_on_disk() throws IOException {
        byte[] rpm = rpm("add");
        Http http = new Http(pp);
        Path root = data("pp");
        // given a format with an rpm, a text file and the marker the command deletes
        put(http, "/branches/main/add/job1/rpm/foo.rpm", rpm);
        put(http, "/branches/main/add/job1/rpm/readme.txt", Http.utf8("read me\n"));
        put(http, "/branches/main/add/job1/rpm/add-delete.me", Http.utf8("x\n"));
        Path dir = root.resolve("branches/main/add/job1/rpm");
        Object readme = inode(dir.resolve("readme.txt"));

        // when it is finalized
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/add/job1/rpm/");

        // then the added file is listed, the deleted one gone, the untouched one on its old blob
        assertEquals(200, patch.statusCode(), patch.body());
        assertEquals(new TreeSet<>(java.util.List.of("foo.rpm", "readme.txt", "repodata/repomd.xml")),
                digests(dir).keySet());
        assertEquals("sha256:" + Http.sha256(Http.utf8("meta\n")), digests(dir).get("repodata/repomd.xml"));
        assertEquals(readme, inode(dir.resolve("readme.txt")));
        assertEquals("{\"artifact_format\": {\"name\": \"rpm\", \"internal\": false, \"dirty\": false, "
                + "\"files\": [\"foo.rpm\", \"readme.txt\", \"repodata/repomd.xml\"]}}",
                http.get("/branches/main/add/job1/rpm/").body());
        assertConsistent(root, dir);
        assertNoUploadsLeft(root);
    }

    @Test
    void a_failing_command_answers_500_with_its_output_and_leaves_the_format_dirty() throws IOException {
        byte[] rpm = rpm("fail");
        Http http = new Http(pp);
        Path root = data("pp");
        // given a format whose command modifies its rpm, then fails; the rpm is shared with another job
        put(http, "/branches/main/fail/job1/rpm/foo.rpm", rpm);
        put(http, "/branches/main/fail/job1/rpm/fail.me", Http.utf8("x\n"));
        put(http, "/branches/main/fail/job2/rpm/foo.rpm", rpm);

        // when it is finalized
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/fail/job1/rpm/");

        // then the answer is 500 with the exit status and the output of the command
        assertEquals(500, patch.statusCode(), patch.body());
        assertEquals("text/plain; charset=utf-8", patch.headers().firstValue("Content-Type").orElse(""));
        assertTrue(patch.body().startsWith("500: post process failed\n"), patch.body());
        String output = patch.body().substring(patch.body().indexOf('\n') + 1);
        assertTrue(output.contains("exited 3"), output);
        assertTrue(output.contains("gpg: signing failed: No secret key"), output);
        // and the format stays dirty, its .digests describing the files as they are
        assertEquals(404, http.head("/branches/main/fail/job1/rpm/").statusCode());
        Path dir = root.resolve("branches/main/fail/job1/rpm");
        assertEquals("sha256:" + Http.sha256(concat(rpm, "half signed")), digests(dir).get("foo.rpm"));
        assertConsistent(root, dir);
        // and nothing shared was touched
        assertArrayEquals(rpm, Files.readAllBytes(blob(root, Http.sha256(rpm))));
        assertArrayEquals(rpm, Files.readAllBytes(root.resolve("branches/main/fail/job2/rpm/foo.rpm")));
        assertNoUploadsLeft(root);
    }

    @Test
    void a_command_past_its_timeout_is_killed_with_its_child_and_answers_500() throws IOException, InterruptedException {
        byte[] rpm = rpm("slow");
        Http http = new Http(ppTimeout);
        Path root = data("pp-timeout");
        // given a format whose command starts a child and sleeps far past the 2 s timeout
        put(http, "/branches/main/slow/job1/rpm/foo.rpm", rpm);
        put(http, "/branches/main/slow/job2/rpm/foo.rpm", rpm);

        // when it is finalized
        long start = System.nanoTime();
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/slow/job1/rpm/");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        // then the answer comes within a few seconds: 500, saying it timed out, with the output
        assertEquals(500, patch.statusCode(), patch.body());
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertTrue(patch.body().startsWith("500: post process failed\n"), patch.body());
        String output = patch.body().substring(patch.body().indexOf('\n') + 1);
        assertTrue(output.contains("timed out after 2 s"), output);
        assertTrue(output.contains("started a child, sleeping"), output);
        // and the format is consistent and still dirty, and the shared blob untouched
        Path dir = root.resolve("branches/main/slow/job1/rpm");
        assertEquals(Map.of("foo.rpm", "sha256:" + Http.sha256(rpm)), digests(dir));
        assertConsistent(root, dir);
        assertEquals(404, http.head("/branches/main/slow/job1/rpm/").statusCode());
        assertEquals(inode(blob(root, Http.sha256(rpm))), inode(root.resolve("branches/main/slow/job2/rpm/foo.rpm")));
        // and the child is gone: it would have left its mark 4 s after it started
        Thread.sleep(Math.max(0, 5000 - (System.nanoTime() - start) / 1_000_000L));
        assertFalse(Files.exists(SCRIPTS.resolve("child-was-here")), "the command's child outlived the timeout");
    }

    @Test
    void a_command_cannot_write_into_a_blob_or_another_job() throws IOException {
        byte[] rpm = rpm("escape");
        Http http = new Http(pp);
        Path root = data("pp");
        // given a format whose command tries the blob behind its rpm and the rpm of another job
        put(http, "/branches/main/escape/job1/rpm/foo.rpm", rpm);
        put(http, "/branches/main/escape/job1/rpm/escape.me", Http.utf8("../../victim/rpm"));
        put(http, "/branches/main/escape/victim/rpm/foo.rpm", rpm);

        // when it is finalized
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/escape/job1/rpm/");

        // then the blob and the other job keep their bytes
        assertEquals(200, patch.statusCode(), patch.body());
        Path original = blob(root, Http.sha256(rpm));
        assertArrayEquals(rpm, Files.readAllBytes(original));
        assertEquals("r--r--r--", mode(original));
        Path victim = root.resolve("branches/main/escape/victim/rpm/foo.rpm");
        assertArrayEquals(rpm, Files.readAllBytes(victim));
        assertEquals(inode(original), inode(victim));
        assertConsistent(root, root.resolve("branches/main/escape/job1/rpm"));
    }

    @Test
    void an_upload_during_the_command_waits_for_it_and_makes_the_format_dirty_again() throws Exception {
        byte[] rpm = rpm("race");
        byte[] signedRpm = signed(rpm);
        Http http = new Http(pp);
        Path root = data("pp");
        // given a format whose command takes 2 s
        put(http, "/branches/main/race/job1/rpm/foo.rpm", rpm);
        put(http, "/branches/main/race/job1/rpm/slow.me", Http.utf8("x\n"));
        Path done = SCRIPTS.resolve("done-job1");
        Files.deleteIfExists(done);

        // when it is being finalized
        CompletableFuture<HttpResponse<String>> patch = Http.CLIENT.sendAsync(
                http.request("/branches/main/race/job1/rpm/").method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        waitFor(SCRIPTS.resolve("started-job1"));
        // and a file is uploaded into the same format meanwhile
        HttpResponse<String> put = http.put("/branches/main/race/job1/rpm/new.txt", Http.utf8("new\n"));
        boolean commandWasDone = Files.exists(done);

        // then the upload waited for the command and succeeded
        assertEquals(201, put.statusCode(), put.body());
        assertTrue(commandWasDone, "the upload was answered before the command ended");
        assertEquals(200, patch.get().statusCode(), patch.get().body());
        // and the format holds both the post-processed files and the new one, dirty again
        Path dir = root.resolve("branches/main/race/job1/rpm");
        assertEquals(Map.of("foo.rpm", "sha256:" + Http.sha256(signedRpm), "slow.me", "sha256:" + Http.sha256(Http.utf8("x\n")),
                "new.txt", "sha256:" + Http.sha256(Http.utf8("new\n"))), digests(dir));
        assertConsistent(root, dir);
        assertEquals(404, http.head("/branches/main/race/job1/rpm/").statusCode(), "dirty again");
        assertTrue(http.get("/branches/main/race/job1/rpm/").body().contains("\"dirty\": true"));
    }

    @Test
    void a_format_placed_by_hand_without_digests_gets_them_when_finalized() throws IOException {
        Http http = new Http(pp);
        Path root = data("pp");
        // given a format whose files were copied in by hand: no .digests, no blobs
        Path dir = root.resolve("branches/main/hand/job1/iso");
        Files.createDirectories(dir.resolve("images"));
        Files.write(dir.resolve("readme.txt"), Http.utf8("by hand\n"));
        Files.write(dir.resolve("images/boot.img"), Http.utf8("boot\n"));
        assertTrue(http.getBytes("/branches/main/hand/job1/iso/readme.txt").headers().firstValue("Digest").isEmpty());

        // when it is finalized with a command that changes nothing in it
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/hand/job1/iso/");

        // then the digests appear and downloads carry them
        assertEquals(200, patch.statusCode(), patch.body());
        assertEquals(Map.of("readme.txt", "sha256:" + Http.sha256(Http.utf8("by hand\n")),
                "images/boot.img", "sha256:" + Http.sha256(Http.utf8("boot\n"))), digests(dir));
        HttpResponse<byte[]> get = http.getBytes("/branches/main/hand/job1/iso/readme.txt");
        assertEquals("sha256:" + Http.sha256(Http.utf8("by hand\n")), get.headers().firstValue("Digest").orElse(null));
        assertConsistent(root, dir);
    }

    @Test
    void a_filter_that_matches_no_file_skips_the_command() throws IOException {
        byte[] rpm = rpm("filter");
        Http http = new Http(ppFilter);
        Path root = data("pp-filter");
        // given a format without rpms, and a command for rpms only
        put(http, "/branches/main/filter/job1/txt/readme.txt", Http.utf8("read me\n"));
        Path file = root.resolve("branches/main/filter/job1/txt/readme.txt");
        Object before = inode(file);

        // when it is finalized
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/filter/job1/txt/");

        // then the command did not run, nothing was copied, and the format is finalized
        assertEquals(200, patch.statusCode(), patch.body());
        assertFalse(Files.exists(SCRIPTS.resolve("filter-ran-txt")));
        assertEquals(before, inode(file));
        assertEquals(200, http.head("/branches/main/filter/job1/txt/").statusCode());

        // and a format with an rpm does run it
        put(http, "/branches/main/filter/job1/rpm/foo.rpm", rpm);
        assertEquals(200, http.method("PATCH", "/branches/main/filter/job1/rpm/").statusCode());
        assertTrue(Files.exists(SCRIPTS.resolve("filter-ran-rpm")));
    }

    // ----------------------------------------------------------------------------------------

    /** A fresh data directory (a previous run's is removed) and the command's settings. */
    private static WebArchive deploy(String name, Path command, String... more) {
        deleteRecursively(Path.of(Deployments.dataDir(name)));
        String[] settings = new String[4 + more.length];
        settings[0] = "DLREPO_ROOT_DIR";
        settings[1] = Deployments.dataDir(name);
        settings[2] = "DLREPO_POST_PROCESS_CMD";
        settings[3] = command.toString();
        System.arraycopy(more, 0, settings, 4, more.length);
        return Deployments.war(name, settings);
    }

    /** A shell script outside every data directory; markers it leaves go next to it. */
    private static Path script(String name, String body) {
        try {
            Files.createDirectories(SCRIPTS);
            try (Stream<Path> old = Files.list(SCRIPTS)) {
                for (Path p : old.filter(p -> !p.toString().endsWith(".sh")).toList()) {
                    Files.delete(p);
                }
            }
            Path file = SCRIPTS.resolve(name);
            Files.writeString(file, "#!/bin/sh\n" + body);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An rpm of its own per test: blobs and their link counts are not shared between tests. */
    private static byte[] rpm(String test) {
        return Http.utf8("an unsigned rpm for " + test + "\n");
    }

    /** What the command makes of an rpm. */
    private static byte[] signed(byte[] rpm) {
        return concat(rpm, "== signed ==\n");
    }

    private static byte[] concat(byte[] bytes, String more) {
        byte[] tail = Http.utf8(more);
        byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + tail.length);
        System.arraycopy(tail, 0, out, bytes.length, tail.length);
        return out;
    }

    private static Path data(String name) {
        return Path.of(Deployments.dataDir(name));
    }

    private static void put(Http http, String path, byte[] body) {
        HttpResponse<String> put = http.put(path, body);
        assertEquals(201, put.statusCode(), path + ": " + put.body());
    }

    private static Path blob(Path root, String hex) {
        return root.resolve(".blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static TreeMap<String, String> digests(Path formatDir) throws IOException {
        return JSON.readValue(AtRest.digests(formatDir), new TypeReference<TreeMap<String, String>>() {
        });
    }

    /** Every listed file hashes to its digest and is a link of that blob; nothing unlisted lies around. */
    private static void assertConsistent(Path root, Path dir) throws IOException {
        TreeMap<String, String> digests = digests(dir);
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> dir.relativize(p).toString())
                    .filter(p -> !p.equals(".digests") && !p.equals(".dirty") && !p.equals(".digests.journal"))
                    .forEach(onDisk::add);
        }
        assertEquals(onDisk, digests.keySet(), "files on disk of " + dir);
        for (Map.Entry<String, String> e : digests.entrySet()) {
            Path file = dir.resolve(e.getKey());
            String hex = Http.sha256(Files.readAllBytes(file));
            assertEquals(e.getValue(), "sha256:" + hex, e.getKey());
            assertEquals(inode(blob(root, hex)), inode(file), e.getKey() + " is a link of its blob");
            assertEquals("r--r--r--", mode(blob(root, hex)), e.getKey());
        }
    }

    private static void assertNoUploadsLeft(Path root) throws IOException {
        try (Stream<Path> uploads = Files.list(root.resolve(".uploads"))) {
            assertEquals(0, uploads.count(), ".uploads is empty");
        }
    }

    private static void waitFor(Path marker) throws InterruptedException {
        for (int i = 0; i < 200 && !Files.exists(marker); i++) {
            Thread.sleep(25);
        }
        assertTrue(Files.exists(marker), marker + " never appeared");
    }

    private static Object inode(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static long nlink(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
