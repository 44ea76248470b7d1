package dev.dlrepo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Tomcat for the benchmark: its own CATALINA_BASE with our server.xml, the WAR as ROOT
 * and the reference context {@code /ref} (Tomcat's DefaultServlet, readonly=false), started as a
 * child JVM with a fixed heap.
 */
final class Server implements AutoCloseable {
    static final String REF_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <servlet>
                <servlet-name>files</servlet-name>
                <servlet-class>org.apache.catalina.servlets.DefaultServlet</servlet-class>
                <init-param><param-name>readonly</param-name><param-value>false</param-value></init-param>
                <init-param><param-name>listings</param-name><param-value>false</param-value></init-param>
              </servlet>
              <servlet-mapping><servlet-name>files</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
            </web-app>
            """;

    final int port;
    final Path base;
    final Path data;
    final Path refRoot;
    private final Process process;

    Server(Path tomcatHome, Path war, Path work, int port, String heap, List<String> settings) throws Exception {
        this.port = port;
        this.base = work.resolve("base");
        this.data = work.resolve("data");
        this.refRoot = base.resolve("webapps/ref");
        Bench.deleteTree(base);
        Bench.deleteTree(data);
        Bench.settle();
        Files.createDirectories(base.resolve("logs"));
        Files.createDirectories(base.resolve("temp"));
        Files.createDirectories(refRoot.resolve("WEB-INF"));
        Files.writeString(refRoot.resolve("WEB-INF/web.xml"), REF_WEB_XML);
        try (Stream<Path> conf = Files.list(tomcatHome.resolve("conf"))) {
            Files.createDirectories(base.resolve("conf"));
            for (Path p : conf.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, base.resolve("conf").resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.copy(war, base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xms" + heap,
                "-Dcatalina.home=" + tomcatHome, "-Dcatalina.base=" + base,
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-Ddlrepo.http.port=" + port, "-Ddlrepo.shutdown.port=-1",
                "-DDLREPO_ROOT_DIR=" + data, "-DDLREPO_AUTH_DISABLED=1"));
        cmd.addAll(settings.stream().map(s -> "-D" + s).toList());
        if (Boolean.getBoolean("bench.jfr")) {
            // -Dbench.jfc=file.jfc: other settings (e.g. with jdk.JavaExceptionThrow enabled)
            cmd.add("-XX:StartFlightRecording=filename=" + work.resolve("server.jfr") + ",settings="
                    + System.getProperty("bench.jfc", "profile") + ",dumponexit=true");
        }
        cmd.addAll(List.of("-cp", tomcatHome.resolve("bin/bootstrap.jar") + ":" + tomcatHome.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("tomcat.out").toFile()).start();
        waitUntilUp();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void waitUntilUp() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri("/branches/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                HttpResponse<Void> ref = client.send(HttpRequest.newBuilder(uri("/ref/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 && ref.statusCode() != 503) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat exited; see " + base.resolveSibling("tomcat.out"));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Tomcat did not start");
    }

    long pid() {
        return process.pid();
    }

    @Override
    /**
     * Stops Tomcat and deletes what the run stored, once it is measured: deleting a run's tens of
     * thousands of files just before the next run's first scenario slowed every file created in
     * it (ours and the reference's) for minutes.
     */
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
        Bench.deleteTree(data);
        Bench.deleteTree(refRoot);
    }
}
