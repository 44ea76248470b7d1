package dev.dlrepo.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.QuotaExceeded;
import dev.dlrepo.storage.Storage;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.DiskUsage;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.PostProcess;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage accounting of user repositories, on a real data directory. */
class QuotasTest {
    static final Name ALICE = new Name("alice");
    static final Repo ALICE_REPO = Repo.ofUser(ALICE);
    /** Where an upload that replaces nothing goes. */
    static final QuotaFilter.Upload NEW_FILE = new QuotaFilter.Upload(ALICE,
            FormatRef.of(ALICE_REPO, "b", "t", "j", "f"), new ArtifactPath("new.bin"));

    @TempDir
    Path root;

    /** One server's beans on the data directory (two of them = two servers, or a restart). */
    static final class Server {
        final Quotas quotas;
        final Repository repository;
        final DiskUsage usage;

        Server(Path root, long limit) {
            Settings settings = Settings.of(Map.of("DLREPO_USER_QUOTA", Long.toString(limit)));
            Quotas[] made = new Quotas[1];
            Storage storage = Storage.open(root, settings, PostProcess.NONE, u -> made[0] = new Quotas(settings, u));
            quotas = made[0];
            usage = storage.usage();
            repository = storage.repository();
        }

        void upload(Repo repo, String job, String path, byte[] content) {
            repository.upload(FormatRef.of(repo, "main", "t1", job, "bin"), new ArtifactPath(path), digest(content),
                    new ByteArrayInputStream(content), false);
        }

        void link(Repo repo, String job, String path, byte[] content) {
            repository.link(FormatRef.of(repo, "main", "t1", job, "bin"), new ArtifactPath(path), digest(content), false, url -> true);
        }
    }

    Path counter() {
        return root.resolve("users/alice/.disk_usage");
    }

    String recorded() throws IOException {
        return Files.readString(counter(), StandardCharsets.US_ASCII);
    }

    @Test
    void every_file_linked_into_a_user_repository_is_counted_at_its_full_size() throws IOException {
        Server server = new Server(root, 10_000);
        // when the same 300 bytes are linked twice, and 200 other bytes once
        server.upload(ALICE_REPO, "j1", "a.bin", bytes(300, 1));
        server.upload(ALICE_REPO, "j2", "copy.bin", bytes(300, 1));
        server.link(ALICE_REPO, "j3", "linked.bin", bytes(300, 1));
        server.upload(ALICE_REPO, "j1", "b.bin", bytes(200, 2));
        // then each link pays the whole file, shared blob or not, in upstream's format
        assertEquals("1100", recorded(), "decimal bytes, no newline");
        assertEquals(1100, server.quotas.used(ALICE));
    }

    @Test
    void replacing_a_file_first_gives_back_the_old_size() throws IOException {
        Server server = new Server(root, 1000);
        server.upload(ALICE_REPO, "j1", "a.bin", bytes(800, 1));
        // when an 800-byte file is replaced by a 900-byte one (1700 would not fit)
        server.upload(ALICE_REPO, "j1", "a.bin", bytes(900, 2));
        assertEquals("900", recorded());
        // and by a smaller one
        server.upload(ALICE_REPO, "j1", "a.bin", bytes(100, 3));
        assertEquals("100", recorded());
    }

    @Test
    void a_link_over_the_quota_is_refused_with_upstreams_reason_and_nothing_is_written() throws IOException {
        Server server = new Server(root, 1000);
        server.upload(ALICE_REPO, "j1", "a.bin", bytes(900, 1));
        // when 101 more bytes would make 1001
        QuotaExceeded refused = assertThrows(QuotaExceeded.class,
                () -> server.upload(ALICE_REPO, "j1", "b.bin", bytes(101, 2)));
        // then
        assertEquals(400, refused.status());
        assertEquals("User alice quota exceeded (900/1.0K). Please make some ménage.", refused.reason());
        assertFalse(Files.exists(root.resolve("users/alice/branches/main/t1/j1/bin/b.bin")), "no file");
        assertEquals("900", recorded(), "counter unchanged");
        assertEquals(Map.of("a.bin", digest(bytes(900, 1)).toString()),
                server.repository.digests(FormatRef.of(ALICE_REPO, "main", "t1", "j1", "bin")));
        try (Stream<Path> uploads = Files.list(root.resolve(".uploads"))) {
            assertEquals(0, uploads.count(), "nothing left in .uploads");
        }
        // a link by digest is counted the same way, and exactly the limit fits
        server.upload(Repo.ROOT, "j2", "c.bin", bytes(101, 4));
        assertThrows(QuotaExceeded.class, () -> server.link(ALICE_REPO, "j2", "c.bin", bytes(101, 4)));
        server.upload(ALICE_REPO, "j2", "d.bin", bytes(100, 3));
        assertEquals("1000", recorded());
    }

    @Test
    void the_main_tree_is_never_limited_nor_counted() throws IOException {
        Server server = new Server(root, 10);
        server.upload(Repo.ROOT, "j1", "big.bin", bytes(5000, 1));
        assertTrue(Files.exists(root.resolve("branches/main/t1/j1/bin/big.bin")));
        assertFalse(Files.exists(root.resolve("users")), "no user repository was involved");
        // and a user's links of main-tree blobs are still counted
        assertThrows(QuotaExceeded.class, () -> server.link(ALICE_REPO, "j1", "big.bin", bytes(5000, 1)));
    }

    @Test
    void deletes_give_back_the_size_of_every_file_they_remove() throws IOException {
        Server server = new Server(root, 100_000);
        server.upload(ALICE_REPO, "j1", "a.bin", bytes(3000, 1));
        server.upload(ALICE_REPO, "j1", "sub/b.bin", bytes(2000, 2));
        server.upload(ALICE_REPO, "j2", "c.bin", bytes(500, 3));
        server.upload(ALICE_REPO, "j3", "d.bin", bytes(700, 4));
        assertEquals(6200, server.quotas.used(ALICE));
        // when a job is deleted: every file under it goes (the artifacts and .digests, .stamp...)
        long underJob1 = sizeOfFiles(root.resolve("users/alice/branches/main/t1/j1"));
        server.repository.deleteJob(FormatRef.of(ALICE_REPO, "main", "t1", "j1", "bin").job());
        assertEquals(6200 - underJob1, server.quotas.used(ALICE));
        // when a format is deleted
        long underFormat = sizeOfFiles(root.resolve("users/alice/branches/main/t1/j2/bin"));
        server.repository.deleteFormat(FormatRef.of(ALICE_REPO, "main", "t1", "j2", "bin"));
        assertEquals(6200 - underJob1 - underFormat, server.quotas.used(ALICE));
        // when the branch goes: nothing is left to count, and the counter never goes below 0
        server.repository.deleteBranch(FormatRef.of(ALICE_REPO, "main", "t1", "j3", "bin").job().tag().branch());
        assertEquals("0", recorded());
    }

    @Test
    void recompute_counts_every_file_of_the_user_directory_as_upstreams_cleanup_does() throws IOException {
        Server server = new Server(root, 100_000);
        server.upload(ALICE_REPO, "j1", "a.bin", bytes(3000, 1));
        server.upload(ALICE_REPO, "j2", "b.bin", bytes(40, 2));
        // given a counter that went wrong (edited by hand, say)
        Files.writeString(counter(), "12");
        long everything = sizeOfFiles(root.resolve("users/alice"));
        // when
        long recomputed = server.usage.recompute(ALICE);
        // then every file counts: artifacts, .digests, .disk_usage itself
        assertEquals(everything, recomputed);
        assertEquals(Long.toString(everything), recorded());
        assertTrue(everything > 3040, "dot files are counted too");
    }

    @Test
    void a_missing_or_unparsable_counter_reads_as_zero() throws IOException {
        Server server = new Server(root, 1000);
        assertEquals(0, server.quotas.used(ALICE));
        Files.createDirectories(counter().getParent());
        Files.writeString(counter(), "not a number\n");
        assertEquals(0, server.quotas.used(ALICE));
        server.upload(ALICE_REPO, "j1", "a.bin", bytes(10, 1));
        assertEquals("10", recorded());
    }

    @Test
    void the_usage_survives_a_restart_and_is_shared_by_two_servers_on_one_data_directory() throws IOException {
        Server first = new Server(root, 1000);
        first.upload(ALICE_REPO, "j1", "a.bin", bytes(600, 1));
        // a second server (or the first one restarted) reads what the first recorded
        Server second = new Server(root, 1000);
        assertEquals(600, second.quotas.used(ALICE));
        assertThrows(QuotaExceeded.class, () -> second.upload(ALICE_REPO, "j2", "b.bin", bytes(401, 2)));
        // and taking turns, each sees the other's changes: nothing is cached in memory
        // (two processes at once are ConcurrencyTest's business: file locks are per process)
        for (int i = 0; i < 20; i++) {
            (i % 2 == 0 ? first : second).upload(ALICE_REPO, "k" + i, "f.bin", bytes(10, 100 + i));
        }
        assertEquals("800", recorded());
    }

    @Test
    void concurrent_uploads_of_one_user_never_end_above_the_limit() throws Exception {
        Server server = new Server(root, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int stored = 0;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    start.await();
                    try {
                        server.upload(ALICE_REPO, "j" + (n % 2), "f" + n + ".bin", bytes(300, n));
                        return true;
                    } catch (QuotaExceeded e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            for (Future<Boolean> f : all) {
                stored += f.get() ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, stored, "three 300-byte files fit in 1000 bytes, a fourth does not");
        assertEquals("900", recorded());
        assertEquals(900, sizeOfArtifacts(root.resolve("users/alice/branches")));
    }

    @Test
    void reservations_of_one_user_add_up_and_are_given_back() {
        Server server = new Server(root, 1000);
        try (Quotas.Reservation one = server.quotas.reserve(ALICE, NEW_FILE.format(), NEW_FILE.path())) {
            one.grow(600);
            try (Quotas.Reservation two = server.quotas.reserve(ALICE, NEW_FILE.format(), NEW_FILE.path())) {
                QuotaExceeded refused = assertThrows(QuotaExceeded.class, () -> two.grow(401));
                assertEquals("User alice quota exceeded (0/1.0K). Please make some ménage.", refused.reason());
                two.grow(400);
                assertThrows(QuotaExceeded.class, () -> two.grow(1));
            }
            // the second one ended: its 400 bytes are free again
            try (Quotas.Reservation three = server.quotas.reserve(ALICE, NEW_FILE.format(), NEW_FILE.path())) {
                three.grow(400);
            }
        }
        try (Quotas.Reservation all = server.quotas.reserve(ALICE, NEW_FILE.format(), NEW_FILE.path())) {
            all.grow(1000);
        }
        // other users have their own quota
        try (Quotas.Reservation bob = server.quotas.reserve(new Name("bob"), NEW_FILE.format(), NEW_FILE.path());
                Quotas.Reservation alice = server.quotas.reserve(ALICE, NEW_FILE.format(), NEW_FILE.path())) {
            alice.grow(1000);
            bob.grow(1000);
        }
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) seed);
        if (size > 0) {
            b[0] = (byte) (seed >> 8);
        }
        return b;
    }

    static Digest digest(byte[] content) {
        try {
            return Digest.parse("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long sizeOfFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Only the artifacts (no dot files): what link-time accounting counts. */
    static long sizeOfArtifacts(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
