package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed -9 while a post-process command runs: the command must die with it, or it
 * writes into its file once the next finalize has made that file a link of a shared blob again.
 * This test starts and kills its own Tomcat ({@link OwnTomcat}), with its own data directory.
 */
class PostProcessCrashIT {
    @TempDir
    Path work;
    private OwnTomcat tomcat;

    @AfterEach
    void stop() throws InterruptedException {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void a_command_cut_off_by_a_crash_never_writes_into_a_shared_blob() throws Exception {
        // given a command whose first run forks a child that appends to foo.rpm when told to
        // (standing for a long signing job), and whose later runs change nothing
        Path control = Files.createDirectories(work.resolve("control"));
        Files.createFile(control.resolve("armed"));
        Path script = work.resolve("bin/slow-sign.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n"
                + "if rm '" + control.resolve("armed") + "' 2>/dev/null; then\n"
                + "  (n=0; while [ ! -e '" + control.resolve("go") + "' ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done\n"
                + "   echo tampered >> foo.rpm) &\n"
                + "  touch '" + control.resolve("started") + "'\n"
                + "  wait\n"
                + "fi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = work.resolve("data");
        Http http = start(data, script);
        // and two jobs holding the same rpm: one blob, two links
        byte[] rpm = Http.utf8("an rpm, signed by nobody yet\n");
        String digest = Http.sha256(rpm);
        assertEquals(201, http.put("/branches/main/t/job-a/rpm/foo.rpm", rpm).statusCode());
        assertEquals(201, http.put("/branches/main/t/job-b/rpm/foo.rpm", rpm).statusCode());
        Path blob = data.resolve(".blobs/sha256/" + digest.substring(0, 2) + "/" + digest);

        // when job A is finalized and the server is killed -9 while its command runs
        CompletableFuture<HttpResponse<String>> cutOff = Http.CLIENT.sendAsync(
                http.request("/branches/main/t/job-a/rpm/").method("PATCH", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        waitFor(control.resolve("started"));
        tomcat.kill(); // SIGKILL: no shutdown hook, no cleanup
        cutOff.handle((r, e) -> null).get(30, TimeUnit.SECONDS);
        // and a new server on the same data directory finalizes job A again: its file is a link of the shared blob again
        http = start(data, script);
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/t/job-a/rpm/");
        assertEquals(200, patch.statusCode(), patch.body());
        Path fileA = data.resolve("branches/main/t/job-a/rpm/foo.rpm");
        assertEquals(Files.getAttribute(blob, "unix:ino"), Files.getAttribute(fileA, "unix:ino"));
        // and the first command's child, had it survived, would now append
        Files.createFile(control.resolve("go"));
        Thread.sleep(2000);

        // then the blob, job B's file and job A's file still hold the bytes of their digest
        assertEquals(digest, Http.sha256(Files.readAllBytes(blob)), "the shared blob was written");
        assertEquals(digest, Http.sha256(Files.readAllBytes(data.resolve("branches/main/t/job-b/rpm/foo.rpm"))));
        assertEquals(digest, Http.sha256(Files.readAllBytes(fileA)));
        HttpResponse<byte[]> download = http.getBytes("/branches/main/t/job-b/rpm/foo.rpm");
        assertEquals(digest, Http.sha256(download.body()));
        // and no process of the first command is left
        assertEquals(List.of(), processesRunning(script));
    }

    // ----------------------------------------------------------------------------------------

    private Http start(Path data, Path command) throws Exception {
        if (tomcat == null) {
            tomcat = new OwnTomcat(work);
        }
        return tomcat.start(data, Map.of("DLREPO_AUTH_DISABLED", "1", "DLREPO_POST_PROCESS_CMD", command.toString()));
    }

    private static void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(file), file + " never appeared: the command did not start");
    }

    /** Processes running the script: the command and its forked child. */
    private static List<String> processesRunning(Path script) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    // the kernel runs the script as "/bin/sh <script>" (its forked child too); the
                    // server's own command line names it in a setting
                    if (cmdline.startsWith("/bin/sh " + script)) {
                        found.add(p.getFileName() + ": " + cmdline);
                    }
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
        }
        return found;
    }
}
