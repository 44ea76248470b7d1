package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UploadIT {
    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war("upload", "DLREPO_ROOT_DIR", Deployments.dataDir("upload"));
    }

    @ArquillianResource
    URL base;

    @Test
    void an_uploaded_file_is_listed_and_downloaded() {
        Http http = new Http(base);
        byte[] hello = Http.utf8("hello world\n");
        HttpResponse<String> put = http.put("/branches/main/t1/job1/bin/hello.txt", hello);
        assertEquals(201, put.statusCode(), put.body());
        HttpResponse<String> list = http.get("/branches/main/t1/job1/bin/");
        assertEquals(200, list.statusCode());
        assertEquals("{\"artifact_format\": {\"name\": \"bin\", \"internal\": false, \"dirty\": true, \"files\": [\"hello.txt\"]}}", list.body());
        HttpResponse<String> get = http.get("/branches/main/t1/job1/bin/hello.txt");
        assertEquals(200, get.statusCode());
        assertEquals("hello world\n", get.body());
    }
}
