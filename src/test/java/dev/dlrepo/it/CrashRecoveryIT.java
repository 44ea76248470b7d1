package dev.dlrepo.it;

import static dev.dlrepo.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed -9 at a random moment of a mixed load (small and multi-MB uploads, links by
 * digest, finalizes whose command rewrites every file, deletes of jobs and tags), restarted on
 * the same data directory, several times over: after each restart the tree is whole, and once
 * the sweep has run with no grace period, nothing a crash left stays in {@code .uploads/} or
 * {@code .blobs/}. The moment of each kill comes from a seed, printed with every failure
 * ({@code -Dcrash.seed=N} runs the same rounds again). This test starts and kills its own Tomcat
 * ({@link OwnTomcat}).
 */
class CrashRecoveryIT {
    private static final int ROUNDS = 3;
    private static final int CLIENTS = 4;

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
    void a_server_killed_at_any_point_restarts_on_a_whole_tree_and_leaks_nothing() throws Exception {
        long seed = Long.getLong("crash.seed", new SecureRandom().nextLong());
        Random random = new Random(seed);
        String again = "seed " + seed + " (the same rounds again: -Dcrash.seed=" + seed + ")";
        Path data = work.resolve("data");
        Map<String, String> settings = Map.of("DLREPO_AUTH_DISABLED", "1", "DLREPO_TAG_CLEANUP_PERIOD", "0",
                "DLREPO_POST_PROCESS_CMD", signingCommand().toString());
        tomcat = new OwnTomcat(work);
        Http http = tomcat.start(data, settings);
        CrashLoad.Tally tally = new CrashLoad.Tally();
        for (int round = 1; round <= ROUNDS; round++) {
            String at = again + ", round " + round;
            // given a mixed load from several clients
            CrashLoad load = new CrashLoad(http, random.nextLong(), tally);
            int killAfter = 5 + random.nextInt(40);
            load.start(CLIENTS);
            // when the server is killed -9 once that many requests were answered, the others in flight
            eventually(Duration.ofSeconds(120), at + ": " + killAfter + " requests answered", () -> load.answered() >= killAfter);
            tomcat.kill();
            load.stop();
            // and a new server starts on the same data directory, and the sweep runs with no grace period
            http = tomcat.start(data, settings);
            sweepWithoutGrace(data, at);
            // then every file is whole and a link of its blob, and nothing is left to reclaim
            List<String> problems = new TreeProblems(data).find();
            problems.addAll(downloadProblems(http, data));
            assertEquals(List.of(), problems, at + "; log: " + tomcat.log());
            System.out.println(at + ": killed after " + killAfter + " answers, " + tally + " so far");
        }
        // and the load did what it says: the kills cut off a load that worked
        for (String kind : List.of("upload", "large upload", "link", "finalize", "delete job")) {
            assertTrue(tally.succeeded(kind) > 0, again + ": no " + kind + " succeeded: " + tally);
        }
    }

    /** A command that rewrites every file it is given (a signature appended, through a new file), slowly enough to be cut off. */
    private Path signingCommand() throws Exception {
        Path script = work.resolve("bin/sign.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n"
                + "find . -type f ! -name '.*' | while read -r f; do\n"
                + "  { cat \"$f\"; echo signed; } > \"$f.new\" && mv \"$f.new\" \"$f\"\n"
                + "done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The cleanup from the command line, as an operator runs it beside the server, with a lifetime of 0. */
    private static void sweepWithoutGrace(Path data, String at) throws Exception {
        Process cleanup = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DDLREPO_ORPHAN_BLOB_LIFETIME=0", "-cp", System.getProperty("java.class.path"),
                "dev.dlrepo.cleanup.CleanupCommand", "-q", "-p", data.toString())
                .redirectErrorStream(true).start();
        String output = new String(cleanup.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(cleanup.waitFor(120, TimeUnit.SECONDS), at + ": the cleanup did not end");
        assertEquals(0, cleanup.exitValue(), at + ": the cleanup failed: " + output);
    }

    /** Every file a format records, downloaded from the new server: its bytes hash to the recorded digest. */
    private static List<String> downloadProblems(Http http, Path data) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, Map<String, String>> format : TreeProblems.recordedFiles(data).entrySet()) {
            String url = "/" + data.relativize(format.getKey()).toString().replace('\\', '/') + "/";
            for (Map.Entry<String, String> file : format.getValue().entrySet()) {
                HttpResponse<byte[]> got = http.getBytes(url + file.getKey());
                String digest = "sha256:" + Http.sha256(got.body());
                if (got.statusCode() != 200 || !digest.equals(file.getValue())) {
                    problems.add(url + file.getKey() + ": answered " + got.statusCode() + " with bytes of " + digest
                            + ", recorded " + file.getValue());
                }
            }
        }
        return problems;
    }
}
