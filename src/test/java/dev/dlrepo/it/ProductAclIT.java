package dev.dlrepo.it;

import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.archive.TarContents;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A product URL leads to a job's files: a reader allowed on {@code /products/**} reads through it
 * only what the branch ACLs let them read, and listings through it hide the rest.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProductAclIT {
    static final String NAME = "product-acl";

    @Deployment(testable = false)
    static WebArchive war() {
        AuthConf conf = new AuthConf(NAME)
                .write("auth", "writer:writer-pw:builders\nreader:reader-pw:readers\n")
                .acl("builders", "rw /**")
                .acl("readers", String.join("\n",
                        "r /products/**",
                        "r /~writer/products/**",
                        "r /branches/pub/**",
                        "r /branches/mixed/** !/branches/mixed/t1/j1/hidden/**",
                        "r /branches/tags/open/**"));
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_FILE", conf.path("auth"), "DLREPO_ACLS_DIR", conf.path("acls"));
    }

    @ArquillianResource
    URL base;
    Http writer;
    Http reader;

    @BeforeEach
    void clients() {
        writer = new Http(base).as("writer", "writer-pw");
        reader = new Http(base).as("reader", "reader-pw");
    }

    private void job(String job, String format, String file, String product, String version) {
        assertEquals(201, writer.put(job + format + "/" + file, utf8(job + format + file)).statusCode());
        String metadata = "{\"job\": {\"product\": \"" + product + "\", \"product_variant\": \"var\", "
                + "\"product_branch\": \"pb\", \"version\": \"" + version + "\"}}";
        assertEquals(200, writer.json("PATCH", job, metadata).statusCode());
    }

    private static void assertNotFound(HttpResponse<?> r, String what) {
        assertEquals(404, r.statusCode(), what + ": " + r.body());
    }

    @Test
    void a_secret_branch_is_not_read_through_the_products_view() {
        // given a job in a branch the reader may not read, with product metadata
        job("/branches/secret/t1/j1/", "fmt", "secret.txt", "prod", "1.0");
        assertEquals(401, reader.get("/branches/secret/t1/j1/fmt/secret.txt").statusCode(), "denied by its own URL");
        // then none of the ways through the products view reach it
        assertNotFound(reader.get("/products/prod/var/pb/1.0/fmt/secret.txt"), "the file");
        assertNotFound(reader.head("/products/prod/var/pb/1.0/fmt/secret.txt"), "its HEAD");
        assertNotFound(reader.get("/products/prod/var/pb/1.0/fmt/secret.txt.sha256"), "its .sha256");
        assertNotFound(reader.get("/products/prod/var/pb/1.0/fmt/"), "the format listing");
        assertNotFound(reader.get("/products/prod/var/pb/1.0/fmt"), "the single-file shortcut");
        assertNotFound(reader.get("/products/prod/var/pb/1.0/fmt.sha256"), "the format's .sha256");
        assertNotFound(reader.getBytes("/products/prod/var/pb/1.0.tar"), "the version archive");
        assertNotFound(reader.get("/products/prod/var/pb/1.0/"), "the version");
        assertNotFound(reader.get("/products/prod/var/pb/"), "the product branch");
        assertNotFound(reader.get("/products/prod/"), "the product");
        assertFalse(reader.get("/products/").body().contains("\"prod\""), "the products listing hides it");
        assertNotFound(reader.get("/products/prod/var/pb/latest/fmt/secret.txt"), "the latest alias");
        // while the writer reads it all
        assertEquals("/branches/secret/t1/j1/fmtsecret.txt", writer.get("/products/prod/var/pb/1.0/fmt/secret.txt").body());
        assertTrue(writer.get("/products/").body().contains("\"prod\""));
    }

    @Test
    void a_denied_format_of_an_allowed_job_is_hidden_and_refused() {
        job("/branches/mixed/t1/j1/", "pub", "readme.txt", "mix", "2.0");
        job("/branches/mixed/t1/j1/", "hidden", "key.pem", "mix", "2.0");
        assertEquals("{\"version\": {\"name\": \"2.0\", \"artifact_formats\": [\"pub\"]}}",
                reader.get("/products/mix/var/pb/2.0/").body());
        assertEquals(200, reader.get("/products/mix/var/pb/2.0/pub/readme.txt").statusCode());
        assertNotFound(reader.get("/products/mix/var/pb/2.0/hidden/key.pem"), "the denied format's file");
        assertNotFound(reader.get("/products/mix/var/pb/2.0/hidden.sha256"), "the denied format's .sha256");
        TarContents tar = TarContents.read(reader.getBytes("/products/mix/var/pb/2.0.tar").body());
        assertEquals(List.of("mix-var-v2.0/pub/readme.txt", "mix-var-v2.0/SHA256SUMS.txt"), tar.names());
        // and under /branches, the spellings a pattern on the format's directory does not cover
        assertEquals(401, reader.get("/branches/mixed/t1/j1/hidden/key.pem").statusCode());
        assertNotFound(reader.get("/branches/mixed/t1/j1/hidden.sha256"), "{f}.sha256 of a denied format");
        assertNotFound(reader.get("/branches/mixed/t1/j1/hidden"), "{f} of a denied format (its file name)");
        assertNotFound(reader.head("/branches/mixed/t1/j1/hidden"), "HEAD {f} of a denied format");
        assertEquals(200, reader.get("/branches/mixed/t1/j1/pub.sha256").statusCode());
    }

    @Test
    void a_denied_tag_hides_its_versions_and_aliases_skip_them() throws InterruptedException {
        job("/branches/tags/open/j/", "bin", "a.txt", "tagp", "1");
        Thread.sleep(20); // the closed tag's version is the newer one
        job("/branches/tags/closed/j/", "bin", "a.txt", "tagp", "2");
        String versions = reader.get("/products/tagp/var/pb/").body();
        assertTrue(versions.contains("\"name\": \"1\"") && !versions.contains("\"name\": \"2\""), versions);
        assertNotFound(reader.get("/products/tagp/var/pb/2/bin/a.txt"), "a version of the denied tag");
        HttpResponse<String> latest = reader.get("/products/tagp/var/pb/latest/");
        assertEquals(302, latest.statusCode());
        assertTrue(latest.headers().firstValue("Location").orElse("").endsWith("/products/tagp/var/pb/1/"),
                "latest among what the reader may read: " + latest.headers().map());
        assertTrue(writer.get("/products/tagp/var/pb/latest/").headers().firstValue("Location").orElse("").endsWith("/2/"));
    }

    @Test
    void a_version_fed_by_two_jobs_shows_only_the_readable_one_and_its_state() {
        job("/branches/pub/t1/ja/", "bin", "a.bin", "two", "3.0");
        job("/branches/secret/t2/jb/", "src", "b.tar", "two", "3.0");
        assertEquals(200, writer.json("POST", "/branches/secret/t2/", "{\"tag\": {\"locked\": true}}").statusCode());
        assertEquals("{\"version\": {\"name\": \"3.0\", \"artifact_formats\": [\"bin\"]}}",
                reader.get("/products/two/var/pb/3.0/").body());
        assertNotFound(reader.get("/products/two/var/pb/3.0/src/b.tar"), "the secret job's format");
        TarContents tar = TarContents.read(reader.getBytes("/products/two/var/pb/3.0.tar").body());
        assertEquals(List.of("two-var-v3.0/bin/a.bin", "two-var-v3.0/SHA256SUMS.txt"), tar.names());
        assertTrue(reader.get("/products/two/var/pb/").body().contains("\"locked\": false"), "the secret tag's lock is not told");
        assertTrue(writer.get("/products/two/var/pb/").body().contains("\"locked\": true"));
    }

    @Test
    void a_user_repository_products_view_follows_its_branch_acls() {
        job("/~writer/branches/priv/t/j/", "fmt", "x.txt", "mine", "1");
        assertEquals(200, writer.get("/~writer/products/mine/var/pb/1/fmt/x.txt").statusCode());
        assertNotFound(reader.get("/~writer/products/mine/var/pb/1/fmt/x.txt"), "the file");
        assertFalse(reader.get("/~writer/products/").body().contains("mine"), "the listing hides it");
    }
}
