package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DLREPO_AUTH_CONTAINER=1 with a Tomcat realm configured in the deployment's context.xml: the
 * container checks the password, its roles that name an ACL file are the user's groups.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ContainerAuthIT {
    static final String NAME = "container-auth";

    @Deployment(testable = false)
    static WebArchive war() {
        AuthConf conf = new AuthConf(NAME)
                .write("tomcat-users.xml", """
                        <tomcat-users>
                          <user username="carla" password="carla-pw" roles="devs,unrelated"/>
                          <user username="viv" password="viv-pw" roles="viewers"/>
                          <user username="norole" password="norole-pw" roles="unrelated"/>
                        </tomcat-users>
                        """)
                .acl("devs", "rw /branches/**")
                .acl("viewers", "r /branches/**")
                .acl("ANONYMOUS", "r /products/**")
                // a group the container knows nothing about: must never be granted
                .acl("unrelated-but-listed", "rw /**");
        String realm = "<Realm className=\"org.apache.catalina.realm.MemoryRealm\" pathname=\"" + conf.path("tomcat-users.xml") + "\"/>";
        return Deployments.warWithContext(NAME, realm, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_CONTAINER", "1", "DLREPO_ACLS_DIR", conf.path("acls"),
                // the auth file must play no part in this mode
                "DLREPO_AUTH_FILE", conf.path("tomcat-users.xml"));
    }

    @ArquillianResource
    URL base;

    @Test
    void the_containers_user_and_roles_decide() {
        Http anonymous = new Http(base);
        Http carla = anonymous.as("carla", "carla-pw");
        assertEquals(201, carla.put("/branches/main/t/j/f/a.txt", Http.utf8("a\n")).statusCode());
        Http viv = anonymous.as("viv", "viv-pw");
        assertEquals(200, viv.get("/branches/main/t/j/f/a.txt").statusCode(), "viewers read");
        assertEquals(401, viv.put("/branches/main/t/j/f/b.txt", Http.utf8("b\n")).statusCode(), "viewers do not write");
        assertEquals(401, anonymous.as("norole", "norole-pw").get("/branches/").statusCode(), "a role without ACL file");
    }

    @Test
    void the_container_challenges_anonymous_and_checks_passwords() {
        Http anonymous = new Http(base);
        assertEquals(404, anonymous.get("/products/nothing/").statusCode(), "anonymous reads what ANONYMOUS may");
        HttpResponse<String> challenge = anonymous.get("/branches/");
        assertEquals(401, challenge.statusCode());
        assertTrue(challenge.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="),
                challenge.headers().map().toString());
        assertEquals(401, anonymous.as("carla", "wrong").get("/branches/").statusCode(), "the realm refuses");
        assertEquals(401, anonymous.as("carla", "wrong").put("/branches/main/t/j/f/c.txt", Http.utf8("c")).statusCode());
    }
}
