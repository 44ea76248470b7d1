package dev.dlrepo.it;

import static dev.dlrepo.testing.Eventually.eventually;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Tomcat of a test's own, for tests that kill the server: started from the build's unpacked
 * distribution with its own {@code CATALINA_BASE} under the test's directory, the WAR as ROOT, a
 * free port and no shutdown port, the settings as system properties; killed -9 by the test.
 */
final class OwnTomcat implements AutoCloseable {
    private final Path work;
    private Process process;

    OwnTomcat(Path work) {
        this.work = work;
    }

    /** Starts a server on {@code data} and returns once it answers. */
    Http start(Path data, Map<String, String> settings) throws IOException {
        Path home = Path.of(System.getProperty("tomcat.home"));
        Path base = work.resolve("base");
        if (!Files.exists(base)) {
            Files.createDirectories(base.resolve("logs"));
            Files.createDirectories(base.resolve("temp"));
            Files.createDirectories(base.resolve("webapps"));
            Files.createDirectories(base.resolve("conf"));
            try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
                for (Path p : conf.filter(Files::isRegularFile).toList()) {
                    Files.copy(p, base.resolve("conf").resolve(p.getFileName()));
                }
            }
            Files.copy(Path.of(System.getProperty("it.war")), base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        }
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dcatalina.home=" + home, "-Dcatalina.base=" + base,
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-Ddlrepo.http.port=" + port, "-Ddlrepo.shutdown.port=-1", "-DDLREPO_ROOT_DIR=" + data));
        settings.forEach((name, value) -> cmd.add("-D" + name + "=" + value));
        cmd.addAll(List.of("-cp", home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        Http http = new Http(new URL("http://127.0.0.1:" + port + "/"));
        eventually(Duration.ofSeconds(180), "Tomcat answers", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Tomcat exited: " + Files.readString(log()));
            }
            try {
                return http.send(http.request("/branches/").GET().build()).statusCode() == 200;
            } catch (UncheckedIOException e) {
                return false; // not listening yet
            }
        });
        return http;
    }

    /** SIGKILL, as an operator's {@code kill -9} or the OOM killer: no shutdown hook, nothing cleaned up. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("Tomcat survived a SIGKILL");
            }
        }
    }

    /** What every server this test started printed, its log included. */
    Path log() {
        return work.resolve("tomcat.out");
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
