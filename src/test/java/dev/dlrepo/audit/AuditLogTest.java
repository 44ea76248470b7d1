package dev.dlrepo.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlrepo.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void a_line_holds_every_field_and_a_client_cannot_break_it_into_two() throws Exception {
        // given a path and a digest header crafted to look like a second line
        String path = "/branches/main/t/j/f/a\n{\"user\": \"root\", \"status\": 201}\r\u2028\"é\\";
        String digest = "sha256:x\"}\n{\"forged\": 1";
        AuditLog log = new AuditLog(Optional.of(dir.resolve("audit.log")), 1 << 20, 3);
        // when
        log.record(new AuditEntry(Instant.parse("2026-03-01T10:00:00Z"), "al\nice", "basic", "PUT", path, "a=1&b",
                digest, 12L, 201, "127.0.0.1"));
        // then
        byte[] bytes = Files.readAllBytes(dir.resolve("audit.log"));
        List<String> lines = Files.readAllLines(dir.resolve("audit.log"), StandardCharsets.US_ASCII);
        assertEquals(1, lines.size(), "one line");
        assertEquals('\n', bytes[bytes.length - 1]);
        for (byte b : bytes) {
            assertTrue(b == '\n' || (b >= 0x20 && b < 0x7f), "printable ASCII only: " + b);
        }
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("2026-03-01T10:00:00.000Z", line.get("time").asText());
        assertEquals("al\nice", line.get("user").asText());
        assertEquals("basic", line.get("mode").asText());
        assertEquals("PUT", line.get("method").asText());
        assertEquals(path, line.get("path").asText());
        assertEquals("a=1&b", line.get("query").asText());
        assertEquals(digest, line.get("digest").asText());
        assertEquals(12L, line.get("size").asLong());
        assertEquals(201, line.get("status").asInt());
        assertEquals("127.0.0.1", line.get("client").asText());
        assertEquals(List.of("time", "user", "mode", "method", "path", "query", "digest", "size", "status", "client"),
                fieldNames(line));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit.log"))));
    }

    @Test
    void absent_digest_and_size_are_null() throws Exception {
        AuditLog log = new AuditLog(Optional.of(dir.resolve("a/b/audit.log")), 1 << 20, 3);
        log.record(entry("/tokens/", 0));
        JsonNode line = JSON.readTree(Files.readString(dir.resolve("a/b/audit.log")));
        assertTrue(line.get("digest").isNull());
        assertTrue(line.get("size").isNull());
    }

    @Test
    void a_full_log_is_rotated_and_only_the_newest_files_are_kept() throws Exception {
        // given a log of 4 KiB that keeps 2 rotated files
        Path file = dir.resolve("audit.log");
        AuditLog log = new AuditLog(Optional.of(file), 4096, 2);
        int lineSize = entry("/x/0000", 0).line().length;
        // when about six files' worth of lines are written
        int count = 6 * 4096 / lineSize;
        for (int i = 0; i < count; i++) {
            log.record(entry(String.format("/x/%04d", i), i));
        }
        // then audit.log, .1 and .2 remain, each at most 4 KiB and made of whole lines, in order
        assertFalse(Files.exists(dir.resolve("audit.log.3")));
        List<Integer> sequence = new ArrayList<>();
        for (String name : new String[] {"audit.log.2", "audit.log.1", "audit.log"}) {
            Path p = dir.resolve(name);
            assertTrue(Files.size(p) <= 4096, name + " is " + Files.size(p) + " bytes");
            for (String l : Files.readAllLines(p)) {
                sequence.add(JSON.readTree(l).get("status").asInt());
            }
        }
        assertEquals(count - 1, sequence.get(sequence.size() - 1), "the newest line is last in audit.log");
        for (int i = 1; i < sequence.size(); i++) {
            assertEquals(sequence.get(i - 1) + 1, sequence.get(i), "no line lost or reordered between kept files");
        }
        assertTrue(sequence.size() > 2 * (4096 / lineSize), "the kept files are nearly full: " + sequence.size());
    }

    @Test
    void keeping_no_files_starts_the_log_afresh() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLog log = new AuditLog(Optional.of(file), 4096, 0);
        int lineSize = entry("/x", 0).line().length;
        for (int i = 0; i < 4096 / lineSize + 1; i++) {
            log.record(entry("/x", i));
        }
        assertEquals(1, Files.readAllLines(file).size());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("audit.log", "audit.log.lock"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void two_servers_appending_to_one_file_interleave_whole_lines() throws Exception {
        // given two logs on one file, as two servers sharing a data directory
        Path file = dir.resolve("audit.log");
        AuditLog a = new AuditLog(Optional.of(file), 1L << 30, 1);
        AuditLog b = new AuditLog(Optional.of(file), 1L << 30, 1);
        String longPath = "/" + "p".repeat(3000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (AuditLog log : List.of(a, b, a, b)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        log.record(entry(longPath, i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // then every line is whole
        List<String> lines = Files.readAllLines(file);
        assertEquals(800, lines.size());
        for (String l : lines) {
            assertEquals(longPath, JSON.readTree(l).get("path").asText());
        }
    }

    @Test
    void after_another_server_rotated_the_log_the_next_line_goes_into_the_new_file() throws Exception {
        Path file = dir.resolve("audit.log");
        int lineSize = entry("/x", 0).line().length;
        AuditLog a = new AuditLog(Optional.of(file), 3L * lineSize, 2);
        AuditLog b = new AuditLog(Optional.of(file), 3L * lineSize, 2);
        a.record(entry("/a", 1)); // a holds the file open now
        b.record(entry("/b", 2));
        b.record(entry("/b", 3));
        b.record(entry("/b", 4)); // full: b rotates, the three lines go to audit.log.1
        // when
        a.record(entry("/a", 5));
        // then
        assertEquals(List.of(1, 2, 3), statuses(dir.resolve("audit.log.1")));
        assertEquals(List.of(4, 5), statuses(file));
        a.close();
        a.record(entry("/a", 6)); // closed (the application stopped and came back): opened again
        assertEquals(List.of(4, 5, 6), statuses(file));
    }

    @Test
    void the_write_line_of_the_container_log_is_one_line_of_six_fields() {
        AuditEntry entry = new AuditEntry(Instant.parse("2026-03-01T10:00:00Z"), "al ice\n", "basic", "PUT",
                "/branches/main/t/j/f/a b\r\nforged 1", "", "sha256:ab", 12L, 201, "127.0.0.1");
        assertEquals("al_ice_ PUT /branches/main/t/j/f/a_b__forged_1 sha256:ab 12 201", entry.writeLine());
        AuditEntry anonymous = new AuditEntry(Instant.parse("2026-03-01T10:00:00Z"), "", "anonymous", "DELETE",
                "/branches/main/t/", "", null, null, 401, "127.0.0.1");
        assertEquals("- DELETE /branches/main/t/ - - 401", anonymous.writeLine());
    }

    private static List<Integer> statuses(Path file) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l).get("status").asInt());
        }
        return out;
    }

    @Test
    void a_log_that_cannot_be_written_does_not_fail_the_request() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "x");
        AuditLog log = new AuditLog(Optional.of(dir.resolve("not-a-dir/audit.log")), 4096, 1);
        assertDoesNotThrow(() -> log.record(entry("/x", 0)));
    }

    @Test
    void off_disables_it_and_the_default_lives_in_the_data_directory() {
        assertFalse(new AuditLog(Settings.of(Map.of("DLREPO_AUDIT_LOG", "off"))).enabled());
        Settings defaults = Settings.of(Map.of("DLREPO_ROOT_DIR", dir.toString()));
        assertEquals(Optional.of(dir.resolve(".audit/audit.log")), defaults.auditLog());
        assertEquals(100L << 20, defaults.auditLogMaxSize());
        assertEquals(10, defaults.auditLogFiles());
    }

    private static AuditEntry entry(String path, int status) {
        return new AuditEntry(Instant.parse("2026-03-01T10:00:00Z"), "alice", "basic", "PUT", path, "", null, null,
                status, "127.0.0.1");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
