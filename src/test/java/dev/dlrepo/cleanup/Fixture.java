package dev.dlrepo.cleanup;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.AfterRetention;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Maintenance;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.Storage;
import dev.dlrepo.storage.Stored;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The storage and cleanup beans wired by hand on a real data directory. */
final class Fixture {
    final Path root;
    final Storage storage;
    final Maintenance maintenance;
    final Repository repository;
    final Retention retention;
    final Cleanup cleanup;
    final Cleanup.Schedule schedule;

    Fixture(Path root, String... settings) {
        this(root, List.of(), settings);
    }

    Fixture(Path root, Iterable<AfterRetention> usage, String... settings) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        Settings s = Settings.of(values);
        this.root = root;
        storage = Storage.open(root, s);
        maintenance = storage.maintenance();
        repository = storage.repository();
        retention = new Retention(maintenance);
        schedule = Cleanup.Schedule.of(maintenance);
        cleanup = new Cleanup(retention, maintenance, s, usage, schedule);
    }

    static FormatRef format(String branch, String tag, String job) {
        return FormatRef.of(Repo.ROOT, branch, tag, job, "bin");
    }

    Stored upload(FormatRef ref, String path, byte[] content) {
        return repository.upload(ref, new ArtifactPath(path), digest(content), new ByteArrayInputStream(content), false);
    }

    Stored upload(String branch, String tag, String path, byte[] content) {
        return upload(format(branch, tag, "job"), path, content);
    }

    Path tagDir(String branch, String tag) {
        return root.resolve("branches").resolve(branch).resolve(tag);
    }

    /** Sets a tag's creation time ({@code .stamp} mtime), or removes its stamp for {@code null}. */
    void stamp(String branch, String tag, Long epochSecond) throws IOException {
        Path stamp = tagDir(branch, tag).resolve(".stamp");
        if (epochSecond == null) {
            Files.deleteIfExists(stamp);
        } else {
            Files.setLastModifiedTime(stamp, FileTime.from(Instant.ofEpochSecond(epochSecond)));
        }
    }

    void flag(String branch, String tag, String flag) throws IOException {
        Files.createFile(tagDir(branch, tag).resolve(flag));
    }

    void policy(String branch, String json) throws IOException {
        Files.writeString(root.resolve("branches").resolve(branch).resolve(".cleanup_policy"), json);
    }

    Path blob(byte[] content) {
        return maintenance.blobPath(digest(content));
    }

    /** Where the start of the last scheduled full run is recorded (epoch seconds). */
    Path scheduleFile() {
        return root.resolve(".cleanup-schedule");
    }

    Optional<Instant> lastScheduled() throws IOException {
        return Files.exists(scheduleFile())
                ? Optional.of(Instant.ofEpochSecond(Long.parseLong(Files.readString(scheduleFile()).trim())))
                : Optional.empty();
    }

    /** Makes a file look untouched for {@code seconds}. */
    static void age(Path file, long seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - seconds * 1000));
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Digest digest(byte[] content) {
        try {
            return Digest.parse("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
