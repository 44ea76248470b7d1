package dev.dlrepo.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real WAR built by this project, deployed under a name, with optional context settings. */
public final class Deployments {
    private Deployments() {
    }

    public static WebArchive war(String name, String... environment) {
        return warWithContext(name, "", environment);
    }

    /** With more {@code context.xml} content, e.g. a {@code <Realm>} for container authentication. */
    public static WebArchive warWithContext(String name, String contextXml, String... environment) {
        WebArchive war = ShrinkWrap.create(ZipImporter.class, name + ".war")
                .importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
        if (environment.length > 0 || !contextXml.isEmpty()) {
            StringBuilder context = new StringBuilder("<Context>").append(contextXml);
            for (int i = 0; i < environment.length; i += 2) {
                context.append("<Environment name=\"").append(environment[i]).append("\" value=\"")
                        .append(environment[i + 1]).append("\" type=\"java.lang.String\" override=\"false\"/>");
            }
            war.addAsManifestResource(new StringAsset(context.append("</Context>").toString()), "context.xml");
        }
        return war;
    }

    /** A data directory of its own for a deployment, under the build's it-data. */
    public static String dataDir(String name) {
        return new File(System.getProperty("it.data"), name).getAbsolutePath();
    }

    /** The deployment's data directory, emptied: each run starts from nothing. */
    public static String emptyDataDir(String name) {
        Path dir = Path.of(dataDir(name));
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
