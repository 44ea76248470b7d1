package dev.dlrepo.it;

import static dev.dlrepo.testing.Eventually.eventually;
import static dev.dlrepo.it.Http.sha256;
import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/** A data directory written by upstream dlrepo is served as it is, and what we write reads back the same. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UpstreamTreeIT {
    static final String NAME = "upstream";

    /** Lays out a tree the way upstream 0.8 did: 0644 blobs, .digests in insertion order. */
    @Deployment(testable = false)
    static WebArchive war() {
        Path data = Path.of(Deployments.emptyDataDir(NAME));
        try {
            for (String f : new String[] {"bin", "doc"}) {
                layFormat(data, Files.createDirectories(data.resolve("branches/main/t1/job1/" + f)));
            }
            Files.createFile(data.resolve("branches/main/t1/.stamp"));
            Files.createFile(data.resolve("branches/main/t1/job1/.stamp"));
            Files.setLastModifiedTime(data.resolve("branches/main/t1/.stamp"), FileTime.fromMillis(1_700_000_000_500L));
            Files.writeString(data.resolve("branches/main/t1/.description"), "nightly build\n");
            Files.createFile(data.resolve("branches/main/t1/.stable"));
            Files.writeString(data.resolve("branches/main/t1/job1/.metadata"), "{\"version\": \"1.0\", \"product\": \"foo\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", data.toString());
    }

    private static void layFormat(Path data, Path format) throws IOException {
        StringBuilder digests = new StringBuilder("{");
        for (String name : new String[] {"zeta.txt", "alpha.txt"}) {
            String hex = sha256(utf8(name));
            Path blob = Files.createDirectories(data.resolve(".blobs/sha256/" + hex.substring(0, 2))).resolve(hex);
            if (!Files.exists(blob)) {
                Files.write(blob, utf8(name));
            }
            Files.createLink(format.resolve(name), blob);
            digests.append(digests.length() > 1 ? ", " : "").append("\"").append(name).append("\": \"sha256:").append(hex).append("\"");
        }
        Files.writeString(format.resolve(".digests"), digests.append("}"));
    }

    @ArquillianResource
    URL base;

    @Test
    void an_upstream_tree_is_served_as_it_is() {
        Http http = new Http(base);
        assertEquals("{\"artifact_format\": {\"name\": \"bin\", \"internal\": false, \"dirty\": false, \"files\": [\"alpha.txt\", \"zeta.txt\"]}}",
                http.get("/branches/main/t1/job1/bin/").body());
        HttpResponse<String> file = http.get("/branches/main/t1/job1/bin/zeta.txt");
        assertEquals("zeta.txt", file.body());
        assertEquals("sha256:" + sha256(utf8("zeta.txt")), file.headers().firstValue("Digest").orElseThrow());
        assertEquals("{\"branch\": {\"name\": \"main\", \"cleanup_policy\": {\"max_daily_tags\": 0, \"max_released_tags\": 0}, \"tags\": [{\"name\": \"t1\", \"timestamp\": 1700000000.5, \"released\": false, \"locked\": false, \"stable\": true, \"publish_status\": null, \"description\": \"nightly build\"}]}}",
                http.get("/branches/main/").body());
        assertEquals("{\"tag\": {\"name\": \"t1\", \"released\": false, \"locked\": false, \"stable\": true, \"publish_status\": null, \"description\": \"nightly build\", \"jobs\": [{\"product\": \"foo\", \"version\": \"1.0\", \"locked\": false, \"name\": \"job1\", \"released\": false}]}}",
                http.get("/branches/main/t1/").body());
        assertEquals("{\"tag\": {\"name\": \"t1\", \"released\": false, \"locked\": false, \"stable\": true, \"publish_status\": null, \"description\": \"nightly build\", \"jobs\": []}}",
                http.get("/branches/main/t1/?product=bar").body(), "jobs filtered by metadata");
    }

    @Test
    void what_we_write_into_it_is_what_upstream_writes() throws Exception {
        Http http = new Http(base);
        http.put("/branches/main/t1/job1/doc/mid.txt", utf8("mid"));
        Path format = Path.of(Deployments.dataDir(NAME)).resolve("branches/main/t1/job1/doc");
        assertEquals("{\"alpha.txt\": \"sha256:" + sha256(utf8("alpha.txt")) + "\", \"mid.txt\": \"sha256:" + sha256(utf8("mid"))
                + "\", \"zeta.txt\": \"sha256:" + sha256(utf8("zeta.txt")) + "\"}", AtRest.digests(format),
                "sorted keys, Python's separators, no newline");
    }

    @Test
    void its_files_are_recorded_as_holders_at_the_first_start_so_their_digests_can_be_linked() throws Exception {
        Http http = new Http(base);
        Path data = Path.of(Deployments.dataDir(NAME));
        // recorded in the background from each format's .digests; until then a link is refused
        eventually(Duration.ofSeconds(30), "the holders are recorded", () -> Files.exists(data.resolve(".blobrefs/.built")));
        assertEquals(201, http.link("/branches/main/t2/job1/bin/alpha.txt", "sha256:" + sha256(utf8("alpha.txt"))).statusCode());
        String hex = sha256(utf8("zeta.txt"));
        assertEquals(java.util.List.of("branches/main/t1/job1/bin/zeta.txt", "branches/main/t1/job1/doc/zeta.txt"),
                Files.readAllLines(data.resolve(".blobrefs/sha256/" + hex.substring(0, 2) + "/" + hex)).stream().sorted().toList());
    }
}
