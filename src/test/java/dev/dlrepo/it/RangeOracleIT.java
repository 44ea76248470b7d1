package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our downloads answer {@code Range} as Tomcat's {@code DefaultServlet} does, asked of the real
 * one: the same Tomcat serves the same bytes from a plain web application (no code, its default
 * servlet), and every header of the table gets the same answer from both, status,
 * {@code Content-Range} and bytes. One difference is ours by design (docs/architecture.md):
 * where Tomcat sends several parts as {@code multipart/byteranges}, we send the whole file (200).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RangeOracleIT {
    static final String NAME = "ranges";
    static final String PLAIN = "ranges-plain";
    static final byte[] HUNDRED = new byte[100];

    static {
        new Random(100).nextBytes(HUNDRED);
    }

    /** Tomcat's cases (parse, units, suffixes, ends, several ranges, overlaps), and their neighbours. */
    static final List<String> HEADERS = List.of(
            "bytes=0-9", "bytes=10-", "bytes=-10", "bytes=99-99", "bytes=90-200", "bytes=-200", "bytes=-100",
            "bytes=-1", "bytes=0-", "bytes=0-99", "bytes=0-0", "bytes = 5 - 9", "bytes=5 -9", "bytes= 5-9",
            "BYTES=5-9", "Bytes=5-9", "bytes=100-", "bytes=100-200", "bytes=-0", "bytes=9-5", "bytes=",
            "bytes=-", "bytes=abc", "bytes=1-x", "bytes=+1-5", "bytes=0x1-5", "bytes=1e2-", "bytes=0-5;x",
            "bytes=0-1,,2-3", "bytes=0-5,", "bytes=,0-5", "bytes 0-5", "bytes", "=0-5", "b@d=0-5", "items=0-5",
            "bytes=0-1,5-9", "bytes=-5,0-1", "bytes=0-5 , 7-9", "bytes=0-1,200-300", "bytes=0-0,-1",
            "bytes=0-1,0-1", "bytes=0-1,2-3,4-5", "bytes=0-5,0-5,0-5", "bytes=0-10,5-15,20-30",
            "bytes=0-10,5-15,8-20", "bytes=0-10,0-10,20-30", "bytes=50-60,0-10,5-15,20-30",
            "bytes=50-60,0-10,5-15,20-30,55-70", "bytes=5\t-9",
            "bytes=5-99999999999999999999", "bytes=99999999999999999999-", "bytes=-99999999999999999999",
            "bytes=9223372036854775807-", "bytes=0-9223372036854775807");

    @Deployment(name = NAME, testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
    }

    /** The same files from Tomcat's own default servlet. */
    @Deployment(name = PLAIN, testable = false)
    static WebArchive plain() {
        return ShrinkWrap.create(WebArchive.class, PLAIN + ".war")
                .add(new ByteArrayAsset(HUNDRED), "f100.bin")
                .add(new ByteArrayAsset(new byte[0]), "f0.bin");
    }

    @ArquillianResource
    @OperateOnDeployment(NAME)
    URL base;

    @ArquillianResource
    @OperateOnDeployment(PLAIN)
    URL plain;

    @Test
    void every_range_header_is_answered_as_tomcats_default_servlet_answers_it() throws IOException {
        // given the same bytes in a format and in a plain web application
        Http http = new Http(base);
        assertEquals(201, http.put("/branches/r/t/j/f/f100.bin", HUNDRED).statusCode());
        assertEquals(201, http.put("/branches/r/t/j/f/f0.bin", new byte[0]).statusCode());
        List<String> differences = new ArrayList<>();
        for (String file : List.of("f100.bin", "f0.bin")) {
            for (String range : HEADERS) {
                // when both are asked for the same range
                Reply tomcat = Reply.get(plain, file, range);
                Reply ours = Reply.get(base, "branches/r/t/j/f/" + file, range);
                // then they answer alike (several parts: the whole file from us)
                String expected = tomcat.outcome().equals("206 multipart") ? "200" : tomcat.outcome();
                if (!expected.equals(ours.outcome())) {
                    differences.add(file + " '" + range + "': Tomcat " + tomcat.outcome() + ", ours " + ours.outcome());
                } else if (expected.startsWith("206")) {
                    assertArrayEquals(tomcat.body(), ours.body(), file + " " + range);
                } else if (expected.equals("200")) {
                    assertArrayEquals(file.equals("f0.bin") ? new byte[0] : HUNDRED, ours.body(), file + " " + range);
                }
            }
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void the_oracle_tells_single_parts_multipart_and_refusals_apart() throws IOException {
        // a guard on the comparison above: Tomcat's answers are of each kind
        assertEquals("206 0-9", Reply.get(plain, "f100.bin", "bytes=0-9").outcome());
        assertEquals("206 multipart", Reply.get(plain, "f100.bin", "bytes=0-1,5-9").outcome());
        assertEquals("416 */100", Reply.get(plain, "f100.bin", "bytes=100-").outcome());
        assertEquals("200", Reply.get(plain, "f100.bin", "items=0-5").outcome());
        assertTrue(Reply.get(plain, "f100.bin", "bytes=0-9").body().length == 10);
    }

    /** One answer, read off the socket: the range goes out exactly as written. */
    record Reply(int status, String head, byte[] body) {
        static Reply get(URL at, String file, String range) throws IOException {
            String path = at.getPath() + file;
            try (Socket socket = new Socket(at.getHost(), at.getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + at.getHost() + "\r\nRange: " + range
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                in.transferTo(reply);
                byte[] bytes = reply.toByteArray();
                int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
                return new Reply(Integer.parseInt(head.substring(9, 12)), head, body(head, Arrays.copyOfRange(bytes, end + 4, bytes.length)));
            }
        }

        /** {@code 200}, {@code 206 a-b}, {@code 206 multipart}, {@code 416 *}{@code /size}. */
        String outcome() {
            return switch (status) {
                case 206 -> header("Content-Type").startsWith("multipart/byteranges") ? "206 multipart"
                        : "206 " + header("Content-Range").replaceFirst("^bytes ([0-9]+-[0-9]+)/.*$", "$1");
                case 416 -> "416 " + header("Content-Range").replaceFirst("^bytes ", "");
                default -> Integer.toString(status);
            };
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return "";
        }

        /** The body, de-chunked when it came chunked. */
        private static byte[] body(String head, byte[] raw) {
            if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                return raw;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = 0;
            while (true) {
                int lineEnd = indexOf(Arrays.copyOfRange(raw, i, raw.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1)) + i;
                int size = Integer.parseInt(new String(raw, i, lineEnd - i, StandardCharsets.ISO_8859_1).trim(), 16);
                if (size == 0) {
                    return out.toByteArray();
                }
                out.write(raw, lineEnd + 2, size);
                i = lineEnd + 2 + size + 2;
            }
        }

        private static int indexOf(byte[] bytes, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new IllegalStateException("no end of headers in the reply");
        }
    }
}
