package dev.dlrepo.it;

import static dev.dlrepo.it.Http.sha256;
import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dlrepo.archive.TarContents;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tar archives of jobs and formats over HTTP, read back by an independent tar reader. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ArchiveIT {
    static final String NAME = "archives";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
    }

    @ArquillianResource
    URL base;
    Http http;
    Path data = Path.of(Deployments.dataDir(NAME));
    String ctx;

    @BeforeEach
    void client() {
        http = new Http(base);
        ctx = base.getPath().replaceAll("/$", "");
    }

    @Test
    void a_job_archive_holds_both_formats_and_their_checksums_streamed_as_an_attachment() {
        // given a job with two formats
        byte[] rpm = utf8("rpm bytes");
        byte[] doc = utf8("<html/>");
        byte[] sub = utf8("nested");
        assertEquals(201, http.put("/branches/arch/t1/job1/rpm/foo.rpm", rpm).statusCode());
        assertEquals(201, http.put("/branches/arch/t1/job1/doc/index.html", doc).statusCode());
        assertEquals(201, http.put("/branches/arch/t1/job1/doc/sub/page.txt", sub).statusCode());
        // when
        HttpResponse<byte[]> tar = http.getBytes("/branches/arch/t1/job1.tar");
        // then
        assertEquals(200, tar.statusCode());
        assertEquals("application/x-tar", tar.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=job1-t1.tar", tar.headers().firstValue("Content-Disposition").orElseThrow());
        assertFalse(tar.headers().firstValue("Content-Length").isPresent(), "streamed, length unknown in advance");
        assertEquals(0, tar.body().length % 10240);
        TarContents read = TarContents.read(tar.body());
        assertEquals(List.of("job1-t1/doc/index.html", "job1-t1/doc/sub/page.txt", "job1-t1/rpm/foo.rpm", "job1-t1/SHA256SUMS.txt"),
                read.names());
        assertArrayEquals(rpm, read.get("job1-t1/rpm/foo.rpm").content());
        assertArrayEquals(sub, read.get("job1-t1/doc/sub/page.txt").content());
        assertEquals(sha256(doc) + "  doc/index.html\n" + sha256(sub) + "  doc/sub/page.txt\n" + sha256(rpm) + "  rpm/foo.rpm\n",
                read.get("job1-t1/SHA256SUMS.txt").text());
    }

    @Test
    void a_format_archive_is_prefixed_with_job_tag_and_format_and_head_waits_for_finalize() {
        byte[] one = utf8("one");
        byte[] two = utf8("two");
        http.put("/branches/fmt/t1/job1/bin/b/two.bin", two);
        http.put("/branches/fmt/t1/job1/bin/one.bin", one);
        http.put("/branches/fmt/t1/job1/other/x", utf8("x"));
        // dirty: GET serves it, HEAD says not ready
        assertEquals(404, http.head("/branches/fmt/t1/job1/bin.tar").statusCode());
        HttpResponse<byte[]> tar = http.getBytes("/branches/fmt/t1/job1/bin.tar");
        assertEquals(200, tar.statusCode());
        assertEquals("attachment; filename=job1-t1-bin.tar", tar.headers().firstValue("Content-Disposition").orElseThrow());
        TarContents read = TarContents.read(tar.body());
        assertEquals(List.of("job1-t1-bin/b/two.bin", "job1-t1-bin/one.bin", "job1-t1-bin/SHA256SUMS.txt"), read.names());
        assertEquals(sha256(two) + "  b/two.bin\n" + sha256(one) + "  one.bin\n", read.get("job1-t1-bin/SHA256SUMS.txt").text());
        // finalized: HEAD 200, redirect for another spelling
        assertEquals(200, http.method("PATCH", "/branches/fmt/t1/job1/bin/").statusCode());
        assertEquals(200, http.head("/branches/fmt/t1/job1/bin.tar").statusCode());
        HttpResponse<String> moved = http.head("/branches/FMT/t1/job1/bin.tar");
        assertEquals(302, moved.statusCode());
        assertEquals(ctx + "/branches/fmt/t1/job1/bin.tar", moved.headers().firstValue("Location").orElseThrow());
        assertEquals(404, http.getBytes("/branches/fmt/t1/job1/nope.tar").statusCode());
        assertEquals(404, http.head("/branches/fmt/t1/job1/nope.tar").statusCode());
    }

    @Test
    void an_upper_case_url_is_redirected_to_the_canonical_archive() {
        http.put("/branches/case/t1/job1/bin/a.txt", utf8("a"));
        HttpResponse<byte[]> job = http.getBytes("/branches/Case/T1/JOB1.tar");
        assertEquals(302, job.statusCode());
        assertEquals(ctx + "/branches/case/t1/job1.tar", job.headers().firstValue("Location").orElseThrow());
        HttpResponse<byte[]> format = http.getBytes("/branches/case/t1/job1/BIN.tar");
        assertEquals(302, format.statusCode());
        assertEquals(ctx + "/branches/case/t1/job1/bin.tar", format.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void a_job_with_product_metadata_is_archived_under_the_product_version() throws Exception {
        byte[] iso = utf8("iso");
        http.put("/branches/prod/t1/build/iso/disk.iso", iso);
        Files.writeString(data.resolve("branches/prod/t1/build/.metadata"),
                "{\"product\": \"foo\", \"product_branch\": \"1.x\", \"product_variant\": \"x86\", \"version\": \"1.2.0\"}");
        HttpResponse<byte[]> job = http.getBytes("/branches/prod/t1/build.tar");
        assertEquals("attachment; filename=foo-x86-v1.2.0.tar", job.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals(List.of("foo-x86-v1.2.0/iso/disk.iso", "foo-x86-v1.2.0/SHA256SUMS.txt"), TarContents.read(job.body()).names());
        HttpResponse<byte[]> format = http.getBytes("/branches/prod/t1/build/iso.tar");
        assertEquals(List.of("foo-x86-v1.2.0-iso/disk.iso", "foo-x86-v1.2.0-iso/SHA256SUMS.txt"), TarContents.read(format.body()).names());
    }

    @Test
    void a_job_that_does_not_exist_is_an_empty_archive_and_job_archives_have_no_head() {
        HttpResponse<byte[]> empty = http.getBytes("/branches/none/t1/ghost.tar");
        assertEquals(200, empty.statusCode());
        assertArrayEquals(new byte[10240], empty.body());
        HttpResponse<String> head = http.head("/branches/none/t1/ghost.tar");
        assertEquals(405, head.statusCode());
        assertEquals("GET", head.headers().firstValue("Allow").orElseThrow());
    }
}
