package dev.dlrepo.it;

import static dev.dlrepo.it.Http.sha256;
import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Finalize with a real post-process command, over HTTP: the seed's scenario end to end. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PostProcessIT {
    static final String NAME = "postprocess";
    /** Signs *.rpm by appending a line; FAIL makes it fail, SLOW makes it outlive its timeout. */
    static final String SCRIPT = """
            #!/bin/sh
            if [ -e FAIL ]; then echo "signing failed: no key" >&2; exit 3; fi
            if [ -e SLOW ]; then sleep 60; fi
            for f in *.rpm; do [ -e "$f" ] && echo signed >> "$f"; done
            exit 0
            """;

    @Deployment(testable = false)
    static WebArchive war() {
        String data = Deployments.emptyDataDir(NAME);
        Path script = Path.of(data + "-post-process.sh");
        try {
            Files.createDirectories(script.getParent());
            Files.writeString(script, SCRIPT);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", data,
                "DLREPO_POST_PROCESS_CMD", script.toString(), "DLREPO_POST_PROCESS_TIMEOUT", "3");
    }

    @ArquillianResource
    URL base;
    Http http;
    Path data = Path.of(Deployments.dataDir(NAME));

    @BeforeEach
    void client() {
        http = new Http(base);
    }

    @Test
    void a_file_shared_by_two_jobs_keeps_its_bytes_when_the_other_job_is_post_processed() throws Exception {
        // given two jobs holding the same rpm: one blob, two links
        byte[] rpm = utf8("an rpm\n");
        byte[] signed = utf8("an rpm\nsigned\n");
        http.put("/branches/seed/t1/job1/rpm/foo.rpm", rpm);
        http.put("/branches/seed/t1/job2/rpm/foo.rpm", rpm);
        Path blob = data.resolve(".blobs/sha256/" + sha256(rpm).substring(0, 2) + "/" + sha256(rpm));
        Path fileB = data.resolve("branches/seed/t1/job2/rpm/foo.rpm");
        Object inodeB = ArtifactApiIT.ino(fileB);
        // when job A is finalized and its command signs the rpm
        assertEquals(200, http.method("PATCH", "/branches/seed/t1/job1/rpm/").statusCode());
        // then job B's rpm has its original bytes, inode and digest, and the blob is unchanged
        assertEquals("an rpm\n", Files.readString(fileB));
        assertEquals(inodeB, ArtifactApiIT.ino(fileB));
        assertEquals(sha256(rpm), sha256(Files.readAllBytes(blob)));
        assertEquals("sha256:" + sha256(rpm), http.get("/branches/seed/t1/job2/rpm/foo.rpm").headers().firstValue("Digest").orElseThrow());
        // and job A's rpm is what its .digests and the API say, a link of a read-only blob
        HttpResponse<String> a = http.get("/branches/seed/t1/job1/rpm/foo.rpm");
        assertEquals("an rpm\nsigned\n", a.body());
        assertEquals("sha256:" + sha256(signed), a.headers().firstValue("Digest").orElseThrow());
        assertEquals(sha256(signed) + "  foo.rpm\n", http.get("/branches/seed/t1/job1/rpm.sha256").body());
        Path signedBlob = data.resolve(".blobs/sha256/" + sha256(signed).substring(0, 2) + "/" + sha256(signed));
        assertEquals(ArtifactApiIT.ino(signedBlob), ArtifactApiIT.ino(data.resolve("branches/seed/t1/job1/rpm/foo.rpm")));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(signedBlob)));
        assertEquals(200, http.head("/branches/seed/t1/job1/rpm/").statusCode(), "finalized");
        // when job B is finalized, its own private copy is signed and joins the same blob
        assertEquals(200, http.method("PATCH", "/branches/seed/t1/job2/rpm/").statusCode());
        assertEquals(ArtifactApiIT.ino(signedBlob), ArtifactApiIT.ino(fileB));
    }

    @Test
    void a_failing_command_answers_500_with_its_output_and_the_format_stays_dirty_and_consistent() throws Exception {
        byte[] rpm = utf8("unsigned\n");
        http.put("/branches/fail/t1/job1/rpm/foo.rpm", rpm);
        http.put("/branches/fail/t1/job1/rpm/FAIL", utf8(""));
        HttpResponse<String> r = http.method("PATCH", "/branches/fail/t1/job1/rpm/");
        assertEquals(500, r.statusCode());
        assertTrue(r.body().startsWith("{\"error\": \"post process failed\", \"output\": \""), r.body());
        assertTrue(r.body().contains("exited 3") && r.body().contains("signing failed: no key"), r.body());
        assertEquals(404, http.head("/branches/fail/t1/job1/rpm/").statusCode(), "still dirty");
        assertEquals("unsigned\n", http.get("/branches/fail/t1/job1/rpm/foo.rpm").body());
        Path file = data.resolve("branches/fail/t1/job1/rpm/foo.rpm");
        assertEquals(ArtifactApiIT.ino(data.resolve(".blobs/sha256/" + sha256(rpm).substring(0, 2) + "/" + sha256(rpm))),
                ArtifactApiIT.ino(file), "linked to its blob again after the failed run");
    }

    @Test
    void a_command_past_its_timeout_is_stopped_and_answered_500() {
        http.put("/branches/slow/t1/job1/rpm/foo.rpm", utf8("x"));
        http.put("/branches/slow/t1/job1/rpm/SLOW", utf8(""));
        long start = System.nanoTime();
        HttpResponse<String> r = http.method("PATCH", "/branches/slow/t1/job1/rpm/");
        assertEquals(500, r.statusCode());
        assertTrue(r.body().contains("timed out after 3 s"), r.body());
        assertTrue(System.nanoTime() - start < 30_000_000_000L);
        assertFalse(http.get("/branches/slow/t1/job1/rpm/").body().contains("\"dirty\": false"));
    }
}
