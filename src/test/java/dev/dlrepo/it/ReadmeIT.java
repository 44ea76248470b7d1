package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Try it" commands, read out of README.md and run with bash and curl against the
 * WAR in Tomcat, print exactly the output the README shows: the page and the product cannot
 * drift apart. bash and curl are required, never skipped for.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReadmeIT {
    static final String NAME = "readme";
    static final String RUN_URL = "http://localhost:8080";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
    }

    @ArquillianResource
    URL base;

    @Test
    void the_try_it_commands_print_what_the_readme_says(@TempDir Path dir) {
        // given the section's commands and the output it promises
        List<String[]> blocks = Readme.blocks("## Try it");
        assertEquals(2, blocks.size(), "a sh block and its output");
        assertEquals("sh", blocks.get(0)[0]);
        assertEquals("text", blocks.get(1)[0]);
        String commands = blocks.get(0)[1];
        assertTrue(commands.contains(RUN_URL + "/branches/"), "the commands speak to the run command's server");
        // when they run against this server instead of the run command's
        String[] run = Readme.bash(commands.replace(RUN_URL, new Http(base).base()), dir);
        // then they print the README's output, and all of it
        assertEquals(blocks.get(1)[1], run[1]);
        assertEquals("0", run[0]);
    }
}
