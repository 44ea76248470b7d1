package dev.dlrepo.it;

import static dev.dlrepo.testing.Eventually.eventually;
import static dev.dlrepo.it.Http.sha256;
import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /admin/cleanup} and the orphan sweep after an API DELETE, on the real WAR. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CleanupIT {
    static final String NAME = "cleanup";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME),
                "DLREPO_ORPHAN_BLOB_LIFETIME", "0", "DLREPO_TAG_CLEANUP_PERIOD", "0");
    }

    @ArquillianResource
    URL base;
    final Path data = Path.of(Deployments.dataDir(NAME));

    private Path blob(String content) {
        String hex = sha256(utf8(content));
        return data.resolve(".blobs/sha256/" + hex.substring(0, 2) + "/" + hex);
    }

    @Test
    void the_admin_endpoint_reports_a_dry_run_and_runs_the_cleanup() throws Exception {
        Http http = new Http(base);
        // given two daily tags of a branch that keeps one, each with a file of its own
        assertEquals(201, http.put("/branches/ci/t1/job/bin/a.txt", utf8("old build")).statusCode());
        assertEquals(201, http.put("/branches/ci/t2/job/bin/a.txt", utf8("new build")).statusCode());
        Files.setLastModifiedTime(data.resolve("branches/ci/t1/.stamp"), FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(data.resolve("branches/ci/t2/.stamp"), FileTime.fromMillis(2_000));
        Files.writeString(data.resolve("branches/ci/.cleanup_policy"), "{\"max_daily_tags\": 1, \"max_released_tags\": 0}");
        String expected = "\"tags_deleted\": {\"ci\": {\"daily\": [\"t1\"], \"released\": []}}, "
                + "\"orphan_blobs\": {\"count\": 1, \"bytes\": 9}, \"uploads\": {\"count\": 0, \"bytes\": 0}, \"bytes_freed\": 9}";
        // when the report is asked for (GET, or POST with dry_run): nothing goes
        HttpResponse<String> dry = http.get("/admin/cleanup");
        assertEquals(200, dry.statusCode());
        assertTrue(dry.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("{\"dry_run\": true, \"orphans_only\": false, " + expected, dry.body());
        assertEquals(dry.body(), http.method("POST", "/admin/cleanup?dry_run=true").body());
        assertEquals(200, http.get("/branches/ci/t1/").statusCode());
        // when it runs: exactly that goes
        HttpResponse<String> run = http.method("POST", "/admin/cleanup");
        assertEquals(200, run.statusCode());
        assertEquals("{\"dry_run\": false, \"orphans_only\": false, " + expected, run.body());
        assertEquals(404, http.get("/branches/ci/t1/").statusCode());
        assertFalse(Files.exists(blob("old build")));
        assertTrue(Files.exists(blob("new build")));
        // an orphan-only run leaves tags alone
        assertEquals("{\"dry_run\": false, \"orphans_only\": true, \"tags_deleted\": {}, \"orphan_blobs\": "
                + "{\"count\": 0, \"bytes\": 0}, \"uploads\": {\"count\": 0, \"bytes\": 0}, \"bytes_freed\": 0}",
                http.method("POST", "/admin/cleanup?orphans_only=true").body());
    }

    @Test
    void an_api_delete_is_followed_by_an_orphan_sweep() throws Exception {
        Http http = new Http(base);
        // given a job holding the only link of a blob
        assertEquals(201, http.put("/branches/del/t1/job/bin/only.txt", utf8("only here")).statusCode());
        Path blob = blob("only here");
        assertTrue(Files.exists(blob));
        // when the job is deleted, the sweep that follows removes the blob by itself
        assertEquals(200, http.method("DELETE", "/branches/del/t1/job/").statusCode());
        eventually(Duration.ofSeconds(30), "the sweep after the delete removes the blob", () -> !Files.exists(blob));
    }
}
