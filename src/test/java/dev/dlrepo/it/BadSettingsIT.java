package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bad setting fails the deployment: the application never answers with it. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadSettingsIT {
    static final String NAME = "badquota";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "1",
                "DLREPO_USER_QUOTA", "-1");
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void a_negative_quota_fails_the_deployment() throws Exception {
        assertThrows(Exception.class, () -> deployer.deploy(NAME));
        URI uri = URI.create("http://localhost:" + System.getProperty("it.http.port") + "/" + NAME + "/branches/");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode(), "no application at " + uri + ": " + r.body());
    }
}
