package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Trusted headers from an SSO reverse proxy: the login and groups are taken as given. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HeaderAuthIT {
    static final String NAME = "header-auth";

    @Deployment(testable = false)
    static WebArchive war() {
        AuthConf conf = new AuthConf(NAME)
                .write("auth", "mallory:pw:devs\n")
                .acl("devs", "rw /branches/**")
                .acl("ops", "r /branches/**")
                .acl("ANONYMOUS", "r /products/**");
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_HTTP_LOGIN_HEADER", "X-Remote-User", "DLREPO_AUTH_HTTP_GROUPS_HEADER", "X-Remote-Groups",
                "DLREPO_ACLS_DIR", conf.path("acls"), "DLREPO_AUTH_FILE", conf.path("auth"));
    }

    @ArquillianResource
    URL base;

    @Test
    void login_and_groups_come_from_the_headers() {
        Http proxy = new Http(base);
        Http dev = proxy.with("x-remote-user", "dana").with("X-REMOTE-GROUPS", " ops,devs ");
        assertEquals(201, dev.put("/branches/main/t/j/f/a.txt", Http.utf8("a\n")).statusCode(), "names are case-insensitive");
        Http op = proxy.with("X-Remote-User", "otto").with("X-Remote-Groups", "ops");
        assertEquals(200, op.get("/branches/main/t/j/f/a.txt").statusCode());
        assertEquals(401, op.put("/branches/main/t/j/f/b.txt", Http.utf8("b\n")).statusCode());
        Http spaced = proxy.with("X-Remote-User", "sam").with("X-Remote-Groups", "ops, devs");
        assertEquals(401, spaced.put("/branches/main/t/j/f/b.txt", Http.utf8("b\n")).statusCode(),
                "items are not trimmed: \" devs\" is no group");
    }

    @Test
    void without_a_login_header_it_is_anonymous_and_without_groups_nothing() {
        Http proxy = new Http(base);
        assertEquals(404, proxy.get("/products/none/").statusCode(), "anonymous reads products");
        assertEquals(401, proxy.get("/branches/").statusCode());
        assertEquals(401, proxy.with("X-Remote-User", "gina").get("/branches/").statusCode(), "no groups header");
        assertEquals(401, proxy.as("mallory", "pw").put("/branches/main/t/j/f/m.txt", Http.utf8("m")).statusCode(),
                "Basic credentials mean nothing in this mode");
    }
}
