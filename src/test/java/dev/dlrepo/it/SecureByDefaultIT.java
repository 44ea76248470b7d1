package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Without DLREPO_AUTH_DISABLED=1 and no authentication mode, nobody gets in: not even to read. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecureByDefaultIT {
    static final String NAME = "secure";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0");
    }

    @ArquillianResource
    URL base;

    @Test
    void every_request_is_refused_with_401_and_a_basic_challenge() {
        Http http = new Http(base);
        for (HttpResponse<String> r : java.util.List.of(http.get("/branches/"), http.get("/nonexistent"),
                http.put("/branches/main/t1/job1/bin/a.txt", Http.utf8("x")))) {
            assertEquals(401, r.statusCode());
            assertEquals("Basic realm=\"dlrepo\", charset=\"utf-8\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals("401: Unauthorized", r.body());
        }
        assertFalse(Files.exists(Path.of(Deployments.dataDir(NAME), "branches")), "nothing was written");
    }
}
