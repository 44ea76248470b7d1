package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests the connector refuses before any application sees them, on the Tomcat configured as
 * docs/deploy.md recommends (tomcat-conf/server.xml): the answer is upstream's short
 * {@code <status>: <reason>} in {@code text/plain; charset=utf-8} (the registry's JSON under
 * {@code /v2/}), never a stack trace or the container's report.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ErrorBodiesIT {
    static final String NAME = "errors";
    /** All a body may be: the status and a short reason of words. */
    static final Pattern SHORT = Pattern.compile("[0-9]{3}: [A-Za-z -]{1,60}");

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
    }

    @ArquillianResource
    URL base;

    @Test
    void a_backslash_in_the_path_is_a_400_with_a_short_text_body() throws Exception {
        String reply = Raw.exchange(base, "GET " + base.getPath() + "branches/a\\b/ HTTP/1.1", new byte[0]);
        assertShortError(reply, 400);
    }

    @Test
    void a_huge_authorization_header_is_a_400_or_431_with_a_short_text_body() throws Exception {
        String reply = Raw.exchange(base, "GET " + base.getPath() + " HTTP/1.1\r\nAuthorization: Basic "
                + "A".repeat(100 * 1024), new byte[0]);
        int status = Raw.status(reply);
        assertTrue(status == 400 || status == 431, reply);
        assertShortError(reply, status);
    }

    @Test
    void an_unknown_path_outside_the_application_is_upstreams_404() throws Exception {
        String reply = Raw.exchange(base, "GET /no-such-application-here/x HTTP/1.1", new byte[0]);
        assertShortError(reply, 404);
        assertEquals("404: Not Found", Raw.body(reply), "transcripts.md, GET /nonexistent");
    }

    @Test
    void a_registry_path_outside_the_application_is_a_registry_error() throws Exception {
        String reply = Raw.exchange(base, "GET /v2/no/such/manifests/1 HTTP/1.1", new byte[0]);
        assertEquals(404, Raw.status(reply), reply);
        assertEquals("{\"errors\": [{\"code\": \"NAME_UNKNOWN\", \"message\": \"Not Found\"}]}", Raw.body(reply), reply);
        assertTrue(reply.contains("\r\nContent-Type: application/json\r\n"), reply);
        assertTrue(reply.contains("\r\nDocker-Distribution-Api-Version: registry/2.0\r\n"), reply);
    }

    @Test
    void a_registry_path_the_application_does_not_serve_is_a_registry_error_too() throws Exception {
        String reply = Raw.exchange(base, "GET " + base.getPath() + "v2/no/such/manifests/1 HTTP/1.1", new byte[0]);
        assertEquals(404, Raw.status(reply), reply);
        assertEquals("{\"errors\": [{\"code\": \"NAME_UNKNOWN\", \"message\": \"Not Found\"}]}", Raw.body(reply), reply);
        assertTrue(reply.contains("\r\nContent-Type: application/json\r\n"), reply);
        assertTrue(reply.contains("\r\nDocker-Distribution-Api-Version: registry/2.0\r\n"), reply);
    }

    static void assertShortError(String reply, int status) {
        assertEquals(status, Raw.status(reply), reply);
        String body = Raw.body(reply);
        assertTrue(SHORT.matcher(body).matches(), "a short text error, nothing else: " + reply);
        assertTrue(body.startsWith(status + ": "), reply);
        assertTrue(reply.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"), "upstream's bytes: " + reply);
    }
}
