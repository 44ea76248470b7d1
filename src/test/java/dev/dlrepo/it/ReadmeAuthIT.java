package dev.dlrepo.it;

import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's "Turn authentication on" files, written by the README's own commands, give the
 * answers the README promises. The command that starts the server is the run command's; here the
 * same settings go into the test deployment.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReadmeAuthIT {
    static final String NAME = "readme-auth";

    @Deployment(testable = false)
    static WebArchive war() {
        String block = Readme.blocks("## Next steps").get(0)[1];
        String start = block.lines().filter(l -> l.contains("mvn ")).findFirst().orElseThrow();
        assertTrue(start.startsWith("DLREPO_AUTH_FILE=$PWD/conf/auth DLREPO_ACLS_DIR=$PWD/conf/acls mvn -Prun -Ddlrepo.auth.disabled=0"), start);
        Path dir = Path.of(Deployments.emptyDataDir(NAME + "-conf"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String files = block.lines().filter(l -> !l.contains("mvn ")).collect(Collectors.joining("\n"));
        String[] run = Readme.bash(files, dir);
        assertEquals("0", run[0], files);
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME), "DLREPO_AUTH_DISABLED", "0",
                "DLREPO_AUTH_FILE", dir.resolve("conf/auth").toString(), "DLREPO_ACLS_DIR", dir.resolve("conf/acls").toString());
    }

    @ArquillianResource
    URL base;

    @Test
    void the_readmes_auth_file_and_acls_give_what_the_readme_says() {
        Http anonymous = new Http(base);
        Http alice = anonymous.as("alice", "alice-pw");
        Http bob = anonymous.as("bob", "bob-pw");
        String file = "/branches/main/t1/job1/bin/hello.txt";
        // an anonymous request is answered 401
        assertEquals(401, anonymous.get("/branches/").statusCode());
        // Alice uploads into the main tree and her own repository, and reads every user's
        assertEquals(201, alice.put(file, utf8("hello world\n")).statusCode());
        assertEquals(201, alice.put("/~alice" + file, utf8("hello world\n")).statusCode());
        assertEquals(200, alice.get("/~alice" + file).statusCode());
        // Bob reads the main tree only
        assertEquals(200, bob.get(file).statusCode());
        for (int status : List.of(bob.put(file, utf8("x")).statusCode(), bob.get("/~alice" + file).statusCode(),
                bob.put("/~bob" + file, utf8("x")).statusCode())) {
            assertEquals(401, status);
        }
        // a wrong password is 401 too
        assertEquals(401, anonymous.as("alice", "nope").get("/branches/").statusCode());
    }
}
