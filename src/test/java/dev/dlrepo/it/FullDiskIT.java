package dev.dlrepo.it;

import static dev.dlrepo.it.Http.sha256;
import static dev.dlrepo.it.Http.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A full disk over HTTP, for real: each deployment's data directory is a small tmpfs mounted for
 * the test (the build runs as root on CI and on the developers' machines; elsewhere the mount
 * fails and so does the deployment, loudly). What the client gets is 507 with upstream's text
 * body, and nothing is half stored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FullDiskIT {
    static final String FLOOR = "disk-floor";
    static final String FULL = "disk-full";
    static final String FULL_TEXT = "507: Insufficient storage: the repository's file system is full";
    static final String FLOOR_TEXT =
            "507: Insufficient storage: this upload would leave the repository's file system under its free space floor";
    static final Pattern LENGTH = Pattern.compile("\r\nContent-Length: ([0-9]+)\r\n");

    /** 4 MiB of room; uploads must leave 1 MiB of it. */
    @Deployment(name = FLOOR, testable = false)
    static WebArchive floor() {
        return Deployments.war(FLOOR, "DLREPO_ROOT_DIR", mounted(FLOOR, "4m"), "DLREPO_MIN_FREE_SPACE", "1M");
    }

    /** 1 MiB of room, no floor, a command that changes nothing (its format still gets private copies). */
    @Deployment(name = FULL, testable = false)
    static WebArchive full() {
        return Deployments.war(FULL, "DLREPO_ROOT_DIR", mounted(FULL, "1m"), "DLREPO_POST_PROCESS_CMD", "true");
    }

    @AfterAll
    static void unmount() throws Exception {
        for (String name : new String[] {FLOOR, FULL}) {
            run("umount", "--lazy", Deployments.dataDir(name)); // the server's open files keep it until undeployed
        }
    }

    @ArquillianResource
    @OperateOnDeployment(FLOOR)
    URL floorBase;

    @ArquillianResource
    @OperateOnDeployment(FULL)
    URL fullBase;

    @Test
    void an_upload_declaring_more_than_the_floor_leaves_is_refused_before_its_body_is_sent() throws Exception {
        Path data = Path.of(Deployments.dataDir(FLOOR));
        String ctx = floorBase.getPath().replaceAll("/$", "");
        // when a client announces 3.5 MiB on a 4 MiB disk that must keep 1 MiB, and waits before sending any of it
        String reply = answerBeforeBody(floorBase, "PUT " + ctx + "/branches/b/t/j/f/big.iso HTTP/1.1\r\nDigest: sha256:"
                + "0".repeat(64) + "\r\nContent-Length: " + (3584 * 1024));
        // then it is answered before the body: 507, upstream's text, and nothing was created
        assertEquals(507, Raw.status(reply), reply);
        assertTrue(reply.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"), reply);
        assertEquals(FLOOR_TEXT, Raw.body(reply));
        assertFalse(Files.exists(data.resolve("branches/b")), "nothing created");
        assertEquals(0, count(data.resolve(".uploads")), "nothing staged");
    }

    @Test
    void under_the_floor_uploads_are_refused_and_links_still_work() throws Exception {
        Path data = Path.of(Deployments.dataDir(FLOOR));
        Http http = new Http(floorBase);
        // given a stored file, then a disk filled to under its floor
        byte[] hello = utf8("hello world\n");
        assertEquals(201, http.put("/branches/main/t1/job1/bin/hello.txt", hello).statusCode());
        Path filler = data.resolve("filler");
        try {
            fill(filler, 512 * 1024);
            // when a small file is uploaded, then it is refused: the room left is under the floor
            HttpResponse<String> refused = http.put("/branches/main/t1/job2/bin/other.txt", utf8("other\n"));
            assertEquals(507, refused.statusCode(), refused.body());
            assertEquals(FLOOR_TEXT, refused.body());
            assertFalse(Files.exists(data.resolve("branches/main/t1/job2")), "nothing created");
            // but a link by digest, which costs no room, is made
            HttpResponse<String> link = http.link("/branches/main/t1/job2/bin/hello.txt", "sha256:" + sha256(hello));
            assertEquals(201, link.statusCode(), link.body());
        } finally {
            Files.deleteIfExists(filler);
        }
        // and with room again, uploads are taken
        assertEquals(201, http.put("/branches/main/t1/job2/bin/other.txt", utf8("other\n")).statusCode());
    }

    @Test
    void a_body_that_fills_the_disk_is_507_and_leaves_nothing_behind() throws Exception {
        Path data = Path.of(Deployments.dataDir(FULL));
        Http http = new Http(fullBase);
        byte[] big = new byte[2 << 20];
        Arrays.fill(big, (byte) 'x');
        // when 2 MiB are sent to a 1 MiB disk, chunked (no length to refuse it by)
        HttpRequest put = http.request("/branches/main/t1/job1/bin/big.bin").header("Digest", "sha256:" + sha256(big))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> refused = http.send(put);
        // then 507 with upstream's text, and no staged bytes, blob or file are left
        assertEquals(507, refused.statusCode(), refused.body());
        assertEquals("text/plain; charset=utf-8", refused.headers().firstValue("Content-Type").orElse(null));
        assertEquals(FULL_TEXT, refused.body());
        assertEquals(0, count(data.resolve(".uploads")), "nothing staged");
        assertFalse(Files.exists(data.resolve(".blobs/sha256/" + sha256(big).substring(0, 2) + "/" + sha256(big))), "no blob");
        assertFalse(Files.exists(data.resolve("branches/main/t1/job1/bin/big.bin")), "no file");
    }

    @Test
    void a_finalize_whose_private_copies_do_not_fit_is_507_and_the_format_stays_as_it_was() throws Exception {
        Path data = Path.of(Deployments.dataDir(FULL));
        Http http = new Http(fullBase);
        // given a format holding 600 KiB on a 1 MiB disk: its private copy cannot fit
        byte[] large = new byte[600 * 1024];
        Arrays.fill(large, (byte) 'l');
        assertEquals(201, http.put("/branches/main/t2/job1/rpm/large.rpm", large).statusCode());
        // when it is finalized
        HttpResponse<String> patch = http.method("PATCH", "/branches/main/t2/job1/rpm/");
        // then 507 with upstream's text, and the format is still dirty, its file a link of its blob
        assertEquals(507, patch.statusCode(), patch.body());
        assertEquals(FULL_TEXT, patch.body());
        assertEquals(404, http.head("/branches/main/t2/job1/rpm/").statusCode(), "still dirty");
        Path file = data.resolve("branches/main/t2/job1/rpm/large.rpm");
        Path blob = data.resolve(".blobs/sha256/" + sha256(large).substring(0, 2) + "/" + sha256(large));
        assertEquals(Files.getAttribute(blob, "unix:ino"), Files.getAttribute(file, "unix:ino"), "a link of its blob");
        assertEquals(0, count(data.resolve(".uploads")), "no copy left");
    }

    /**
     * Sends a request's head only and reads the whole answer (by its {@code Content-Length}) before
     * a byte of the announced body is sent; then hangs up.
     */
    private static String answerBeforeBody(URL base, String head) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((head + "\r\nHost: " + base.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (true) {
                String text = got.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                Matcher length = LENGTH.matcher(text);
                if (end > 0 && length.find() && got.size() >= end + 4 + Integer.parseInt(length.group(1))) {
                    return text;
                }
                int b = in.read();
                if (b < 0) {
                    return text;
                }
                got.write(b);
            }
        }
    }

    /** The deployment's data directory, emptied, with a tmpfs of {@code size} mounted on it. */
    private static String mounted(String name, String size) {
        String dir = Deployments.dataDir(name);
        try {
            new ProcessBuilder("umount", "--lazy", dir).redirectErrorStream(true).start().waitFor(); // a run that died
            Files.createDirectories(Path.of(Deployments.emptyDataDir(name)));
            run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir);
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException("mounting a tmpfs on " + dir + " (needs root): " + e.getMessage(), e);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    /** Writes {@code file} until the file system is full, then gives {@code room} bytes back. */
    private static void fill(Path file, long room) throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(Math.max(0, f.length() - room));
        }
    }

    private static long count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
