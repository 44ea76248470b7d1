package dev.dlrepo.it;

import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dlrepo.archive.TarContents;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Archives hold only what the caller may read: formats the ACLs hide are left out. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ArchiveAclIT {
    static final String NAME = "archive-acl";

    @Deployment(testable = false)
    static WebArchive war() {
        AuthConf conf = new AuthConf(NAME)
                .write("auth", "writer:writer-pw:builders\nreader:reader-pw:readers\n")
                .acl("builders", "rw /branches/**")
                .acl("readers", "r /branches/sec/t1/job1.tar\nr /branches/sec/t1/job1/pub/**");
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_FILE", conf.path("auth"), "DLREPO_ACLS_DIR", conf.path("acls"));
    }

    @ArquillianResource
    URL base;

    @Test
    void a_job_archive_leaves_out_the_formats_the_caller_may_not_read() {
        // given a job with a public and a private format
        Http writer = new Http(base).as("writer", "writer-pw");
        assertEquals(201, writer.put("/branches/sec/t1/job1/pub/readme.txt", utf8("public")).statusCode());
        assertEquals(201, writer.put("/branches/sec/t1/job1/priv/key.pem", utf8("secret")).statusCode());
        Http reader = new Http(base).as("reader", "reader-pw");
        // when the reader downloads the job archive
        HttpResponse<byte[]> tar = reader.getBytes("/branches/sec/t1/job1.tar");
        // then only the public format is in it, and in its checksums
        assertEquals(200, tar.statusCode());
        TarContents read = TarContents.read(tar.body());
        assertEquals(List.of("job1-t1/pub/readme.txt", "job1-t1/SHA256SUMS.txt"), read.names());
        assertEquals(List.of("job1-t1/priv/key.pem", "job1-t1/pub/readme.txt", "job1-t1/SHA256SUMS.txt"),
                TarContents.read(writer.getBytes("/branches/sec/t1/job1.tar").body()).names(), "the writer sees both");
        assertEquals(401, reader.getBytes("/branches/sec/t1/job1/priv.tar").statusCode());
    }
}
