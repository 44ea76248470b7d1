package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hostile paths and bodies are refused before the tree is touched, always with a JSON error. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PathSafetyIT {
    static final String NAME = "safety";
    static final String HELLO = "sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
    }

    @ArquillianResource
    URL base;
    Path data = Path.of(Deployments.dataDir(NAME));

    @Test
    void traversal_encoded_slashes_empty_segments_control_characters_and_reserved_names_are_refused() throws Exception {
        String ctx = base.getPath().replaceAll("/$", "");
        List<String> targets = List.of(
                "/branches/main/t1/job1/bin/a/../evil.txt",
                "/branches/main/t1/job1/bin/a/%2e%2e/evil.txt",
                "/branches/main/t1/job1/bin/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/evil.txt",
                "/branches/main/t1/job1/bin/..%2f..%2fevil.txt",
                "/branches/main/t1/job1/bin/a%2fb.txt",
                "/branches/main/t1/job1/bin/a//b.txt",
                "/branches/main/t1/job1/bin//abs.txt",
                "/branches/main/t1/job1/bin/a%00b.txt",
                "/branches/main/t1/job1/bin/a%0ab.txt",
                "/branches/main/t1/job1/bin/.digests",
                "/branches/main/t1/job1/bin/.dirty",
                "/branches/main/t1/job1/bin/.digests.journal",
                "/branches/main/t1/job1/bin/" + "x".repeat(300),
                "/branches/.hidden/t1/job1/bin/a.txt",
                "/branches/main/.t1/job1/bin/a.txt",
                "/branches/main/t1/..job/bin/a.txt",
                "/branches/main/t1/job1/.bin/a.txt",
                "/branches/main/t1/job1/%2e%2e/a.txt",
                "/branches/" + "b".repeat(300) + "/t1/job1/bin/a.txt",
                "/branches/main/t1/job1/bin/a%5c..%5cb.txt");
        for (String target : targets) {
            String reply = Raw.exchange(base, "PUT " + ctx + target + " HTTP/1.1\r\nDigest: " + HELLO
                    + "\r\nContent-Length: 12", "hello world\n".getBytes());
            int status = Raw.status(reply);
            assertTrue(status == 400 || status == 404, target + " -> " + reply);
            assertTrue(Raw.body(reply).startsWith(status + ": "), target + " -> " + reply);
            assertFalse(reply.contains("Exception") || reply.contains("<html"), target + " -> " + reply);
        }
        // then nothing was created anywhere: not under branches, not outside the data directory
        assertFalse(Files.exists(data.resolve("branches")), "no directory was created");
        assertFalse(Files.exists(data.resolve("evil.txt")));
        assertFalse(Files.exists(data.getParent().resolve("evil.txt")));
        try (Stream<Path> uploads = Files.list(data.resolve(".uploads"))) {
            assertEquals(0, uploads.count());
        }
    }

    @Test
    void a_dot_dot_path_sent_as_is_gets_upstreams_400_with_the_path() throws Exception {
        String ctx = base.getPath().replaceAll("/$", "");
        String reply = Raw.exchange(base, "PUT " + ctx + "/branches/main/t1/job1/bin/a/../evil.txt HTTP/1.1\r\nDigest: "
                + HELLO + "\r\nContent-Length: 12", "hello world\n".getBytes());
        assertEquals(400, Raw.status(reply), reply);
        assertEquals("400: a/../evil.txt", Raw.body(reply));
    }

    @Test
    void reads_cannot_escape_either() throws Exception {
        String ctx = base.getPath().replaceAll("/$", "");
        for (String target : List.of("/branches/main/t1/job1/bin/../../../../../.blobs/", "/branches/%2e%2e/%2e%2e/etc/passwd",
                "/branches/main/t1/job1/bin/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd")) {
            String reply = Raw.exchange(base, "GET " + ctx + target + " HTTP/1.1", new byte[0]);
            assertTrue(Raw.status(reply) >= 400 && Raw.status(reply) < 500, target + " -> " + reply);
            assertFalse(reply.contains("root:"), target);
        }
    }

    @Test
    void a_client_that_goes_away_mid_upload_leaves_nothing_behind() throws Exception {
        String ctx = base.getPath().replaceAll("/$", "");
        Raw.abort(base, ctx + "/branches/abort/t1/job1/bin/big.bin", HELLO, 10_000_000, 3_000_000);
        Raw.abort(base, ctx + "/branches/abort/t1/job1/bin/small.bin", HELLO, 1000, 10);
        long deadline = System.nanoTime() + 30_000_000_000L;
        long left;
        do {
            Thread.sleep(200);
            try (Stream<Path> uploads = Files.list(data.resolve(".uploads"))) {
                left = uploads.count();
            }
        } while (left > 0 && System.nanoTime() < deadline);
        assertEquals(0, left, "the partial uploads were deleted");
        assertFalse(Files.exists(data.resolve("branches/abort")));
    }
}
