package dev.dlrepo.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A file over 4 GiB, streamed in with a chunked body and read back by range: sizes are longs. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LargeFileIT {
    static final String NAME = "large";
    static final long SIZE = (4L << 30) + 123_457; // past every 32-bit boundary
    static final byte[] BLOCK = new byte[1 << 20];

    static {
        new Random(42).nextBytes(BLOCK);
    }

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(NAME, "DLREPO_ROOT_DIR", Deployments.emptyDataDir(NAME));
    }

    @ArquillianResource
    URL base;

    /** Byte {@code i} of the file: a random block repeated, each repetition shifted by its index. */
    static byte at(long i) {
        return (byte) (BLOCK[(int) (i % BLOCK.length)] + (i / BLOCK.length));
    }

    static InputStream content() {
        return new InputStream() {
            long position;

            @Override
            public int read() {
                return position < SIZE ? at(position++) & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= SIZE) {
                    return -1;
                }
                int n = (int) Math.min(len, SIZE - position);
                for (int k = 0; k < n; k++) {
                    b[off + k] = at(position++);
                }
                return n;
            }
        };
    }

    @Test
    void a_file_over_4_gib_is_uploaded_chunked_listed_and_read_back_by_range() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = content()) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        String digest = "sha256:" + HexFormat.of().formatHex(md.digest());
        Http http = new Http(base);
        String url = "/branches/big/t1/job1/img/disk.img";
        HttpResponse<String> put = http.send(http.request(url).header("Digest", digest)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(LargeFileIT::content)).build());
        assertEquals(201, put.statusCode(), put.body());
        try {
            HttpResponse<String> head = http.head(url);
            assertEquals(Long.toString(SIZE), head.headers().firstValue("Content-Length").orElseThrow());
            assertEquals(digest, head.headers().firstValue("Digest").orElseThrow());
            long from = SIZE - 1000;
            HttpResponse<byte[]> tail = http.getBytes(url, "Range", "bytes=" + from + "-");
            assertEquals(206, tail.statusCode());
            assertEquals("bytes " + from + "-" + (SIZE - 1) + "/" + SIZE, tail.headers().firstValue("Content-Range").orElseThrow());
            byte[] expected = new byte[1000];
            for (int k = 0; k < 1000; k++) {
                expected[k] = at(from + k);
            }
            assertArrayEquals(expected, tail.body());
            long mid = (4L << 30) - 10; // across the 4 GiB boundary
            byte[] across = http.getBytes(url, "Range", "bytes=" + mid + "-" + (mid + 19)).body();
            byte[] want = new byte[20];
            for (int k = 0; k < 20; k++) {
                want[k] = at(mid + k);
            }
            assertArrayEquals(want, across);
            assertEquals(SIZE, Files.size(Path.of(Deployments.dataDir(NAME), "branches/big/t1/job1/img/disk.img")));
            assertEquals(digest.substring(7) + "  disk.img\n", http.get(url + ".sha256").body());
        } finally {
            http.method("DELETE", "/branches/big/");
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
