package dev.dlrepo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Storage;
import dev.dlrepo.storage.StoredFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a download sends, decided before a byte moves, for files stored in a real repository on a
 * temporary file system: validators, media type, ranges and {@code If-Range}, HEAD, Tomcat's
 * sendfile and the reverse proxy's header ({@code DLREPO_X_SENDFILE_HEADER}). The response
 * itself is the adapter's ({@link Downloads}), which the integration tests speak HTTP to.
 */
class DeliveryTest {
    static final Optional<String> NO_PROXY = Optional.empty();
    static final FormatRef FORMAT = FormatRef.of(Repo.ROOT, "main", "t1", "job", "bin");

    @TempDir
    Path root;
    Storage storage;

    @BeforeEach
    void open() {
        storage = Storage.open(root, Settings.of(Map.of()));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void a_file_goes_whole_with_its_digest_as_validator_and_the_type_of_its_extension() throws IOException {
        // given a stored file of 100 bytes
        byte[] bytes = bytes(100);
        StoredFile file = store("a.rpm", bytes);
        // when it is asked for without a range
        Delivery d = Delivery.of(file, "application/x-rpm", Delivery.Ask.WHOLE, NO_PROXY, false);
        // then every byte is streamed from the file, under its digest
        assertEquals(200, d.status());
        assertEquals(sha256(bytes), d.etag());
        assertEquals(Optional.of(sha256(bytes)), d.digest());
        assertEquals("application/x-rpm", d.type());
        assertEquals(OptionalLong.of(100), d.contentLength());
        assertEquals(Optional.empty(), d.contentRange());
        assertEquals(new Delivery.Body.Stream(file.path(), 0, 100), d.body());
        assertEquals(bytes.length, Files.size(file.path()), "the body's file is the stored one");
    }

    @Test
    void a_name_the_container_does_not_know_is_octet_stream() throws IOException {
        assertEquals("application/octet-stream", Delivery.of(store("blob.xyz", bytes(3)), null, Delivery.Ask.WHOLE, NO_PROXY, false).type());
    }

    @Test
    void last_modified_has_whole_seconds_and_a_file_without_digest_is_known_by_mtime_and_size() throws IOException {
        Path plain = Files.write(root.resolve("plain.bin"), bytes(10));
        Files.setLastModifiedTime(plain, FileTime.fromMillis(1_700_000_000_789L));
        StoredFile file = new StoredFile(plain, 10, Files.getLastModifiedTime(plain).toMillis(), Optional.empty());
        Delivery d = Delivery.of(file, null, Delivery.Ask.WHOLE, NO_PROXY, false);
        assertEquals(1_700_000_000_000L, d.lastModifiedMillis());
        assertEquals(Long.toHexString(1_700_000_000_789L) + "-a", d.etag());
        assertEquals(Optional.empty(), d.digest());
    }

    @Test
    void a_range_is_a_part_with_its_content_range_and_only_its_bytes() throws IOException {
        StoredFile file = store("a.bin", bytes(100));
        Delivery d = Delivery.of(file, null, range("bytes=5-9"), NO_PROXY, false);
        assertEquals(206, d.status());
        assertEquals(Optional.of("bytes 5-9/100"), d.contentRange());
        assertEquals(OptionalLong.of(5), d.contentLength());
        assertEquals(new Delivery.Body.Stream(file.path(), 5, 5), d.body());
    }

    @Test
    void an_unsatisfiable_range_is_416_with_the_size_and_no_body() throws IOException {
        Delivery d = Delivery.of(store("a.bin", bytes(100)), null, range("bytes=100-"), NO_PROXY, false);
        assertEquals(416, d.status());
        assertEquals(Optional.of("bytes */100"), d.contentRange());
        assertEquals(new Delivery.Body.None(), d.body());
    }

    @Test
    void an_empty_file_ignores_its_range_and_has_no_body() throws IOException {
        Delivery d = Delivery.of(store("empty", new byte[0]), null, range("bytes=0-5"), NO_PROXY, true);
        assertEquals(200, d.status());
        assertEquals(OptionalLong.of(0), d.contentLength());
        assertEquals(new Delivery.Body.None(), d.body());
    }

    @Test
    void a_head_has_every_header_of_the_get_and_no_body() throws IOException {
        StoredFile file = store("a.bin", bytes(100_000));
        Delivery get = Delivery.of(file, null, Delivery.Ask.WHOLE, NO_PROXY, true);
        Delivery head = Delivery.of(file, null, new Delivery.Ask(null, null, OptionalLong.empty(), true), NO_PROXY, true);
        assertEquals(new Delivery(get.status(), get.etag(), get.lastModifiedMillis(), get.type(), get.digest(),
                get.contentRange(), get.contentLength(), new Delivery.Body.None()), head);
        // a range applies to a HEAD too (upstream's aiohttp answers it so; Tomcat ignores it)
        Delivery part = Delivery.of(file, null, new Delivery.Ask("bytes=0-9", null, OptionalLong.empty(), true), NO_PROXY, true);
        assertEquals(206, part.status());
        assertEquals(OptionalLong.of(10), part.contentLength());
        assertEquals(new Delivery.Body.None(), part.body());
    }

    @Test
    void from_48_kib_the_bytes_leave_through_sendfile_when_the_connector_offers_it() throws IOException {
        StoredFile big = store("big.bin", bytes((int) Delivery.SENDFILE_MIN));
        StoredFile small = store("small.bin", bytes((int) Delivery.SENDFILE_MIN - 1));
        Path absolute = big.path().toAbsolutePath();
        assertEquals(new Delivery.Body.Sendfile(absolute, 0, Delivery.SENDFILE_MIN),
                Delivery.of(big, null, Delivery.Ask.WHOLE, NO_PROXY, true).body());
        assertEquals(new Delivery.Body.Stream(big.path(), 0, Delivery.SENDFILE_MIN),
                Delivery.of(big, null, Delivery.Ask.WHOLE, NO_PROXY, false).body(), "no sendfile here (Payara)");
        assertEquals(new Delivery.Body.Stream(small.path(), 0, Delivery.SENDFILE_MIN - 1),
                Delivery.of(small, null, Delivery.Ask.WHOLE, NO_PROXY, true).body(), "too small to be worth it");
        // a part is judged by its own length; sendfile's end is excluded
        assertEquals(new Delivery.Body.Stream(big.path(), 100, Delivery.SENDFILE_MIN - 100),
                Delivery.of(big, null, range("bytes=100-"), NO_PROXY, true).body());
        StoredFile bigger = store("bigger.bin", bytes((int) Delivery.SENDFILE_MIN + 100));
        assertEquals(new Delivery.Body.Sendfile(bigger.path().toAbsolutePath(), 100, Delivery.SENDFILE_MIN + 100),
                Delivery.of(bigger, null, range("bytes=100-"), NO_PROXY, true).body());
        assertTrue(absolute.isAbsolute());
    }

    @Test
    void with_a_proxy_header_the_proxy_sends_the_file_ranges_and_all() throws IOException {
        StoredFile file = store("a.iso", bytes(100));
        Optional<String> proxy = Optional.of("X-Accel-Redirect");
        Delivery d = Delivery.of(file, "application/x-iso9660-image", range("bytes=5-9"), proxy, true);
        assertEquals(200, d.status());
        assertEquals(new Delivery.Body.Proxy("X-Accel-Redirect", file.path().toAbsolutePath()), d.body());
        assertEquals(OptionalLong.empty(), d.contentLength(), "the proxy says how long");
        assertEquals(Optional.empty(), d.contentRange());
        assertEquals(Optional.of(sha256(file)), d.digest());
        // a HEAD is ours to answer
        Delivery head = Delivery.of(file, null, new Delivery.Ask(null, null, OptionalLong.empty(), true), proxy, true);
        assertEquals(new Delivery.Body.None(), head.body());
        assertEquals(OptionalLong.of(100), head.contentLength());
    }

    @Test
    void if_range_keeps_the_range_only_while_the_validator_still_matches() throws IOException {
        StoredFile file = store("a.bin", bytes(100));
        String etag = "\"" + Delivery.etag(file) + "\"";
        long seconds = Delivery.lastModified(file);
        assertEquals(206, ifRange(file, etag, OptionalLong.empty()).status());
        assertEquals(200, ifRange(file, "\"sha256:other\"", OptionalLong.empty()).status());
        assertEquals(200, ifRange(file, "W/" + etag, OptionalLong.empty()).status(), "a weak tag never matches");
        assertEquals(206, ifRange(file, "Tue, 14 Nov 2023 22:13:20 GMT", OptionalLong.of(seconds)).status());
        assertEquals(200, ifRange(file, "Tue, 14 Nov 2023 22:13:21 GMT", OptionalLong.of(seconds + 1000)).status());
        assertEquals(200, ifRange(file, "not a date", OptionalLong.empty()).status(), "neither tag nor date: the whole file");
    }

    private Delivery ifRange(StoredFile file, String ifRange, OptionalLong date) {
        return Delivery.of(file, null, new Delivery.Ask("bytes=0-0", ifRange, date, false), NO_PROXY, false);
    }

    private static Delivery.Ask range(String range) {
        return new Delivery.Ask(range, null, OptionalLong.empty(), false);
    }

    private StoredFile store(String name, byte[] bytes) {
        ArtifactPath path = new ArtifactPath(name);
        storage.repository().upload(FORMAT, path, Digest.parse(sha256(bytes)), new ByteArrayInputStream(bytes), false);
        return storage.repository().file(FORMAT, path);
    }

    private static String sha256(StoredFile file) throws IOException {
        return sha256(Files.readAllBytes(file.path()));
    }

    private static String sha256(byte[] bytes) {
        try {
            return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }
}
