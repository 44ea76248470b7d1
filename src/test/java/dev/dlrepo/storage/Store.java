package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** The storage beans wired by hand on a real data directory, plus helpers to look at the tree. */
final class Store {
    final Path root;
    final Tree tree;
    final Staging staging;
    final BlobStore blobs;
    final Locks locks;
    final Formats formats;
    final Browser browser;
    final Repository repository;

    Store(Path root, String... settings) {
        this(root, PostProcess.NONE, settings);
    }

    Store(Path root, PostProcess postProcess, String... settings) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        Settings s = Settings.of(values);
        this.root = root;
        Storage storage = Storage.open(root, s, postProcess, u -> Quota.NONE);
        tree = storage.tree();
        staging = storage.staging();
        blobs = storage.blobs();
        locks = storage.locks();
        formats = storage.formats();
        browser = storage.browser();
        repository = storage.repository();
    }

    static FormatRef format(String job, String format) {
        return FormatRef.of(Repo.ROOT, "main", "t1", job, format);
    }

    Stored upload(FormatRef ref, String path, byte[] content) {
        return repository.upload(ref, new ArtifactPath(path), digest(content), new ByteArrayInputStream(content), false);
    }

    Stored upload(String job, String path, String content) {
        return upload(format(job, "bin"), path, utf8(content));
    }

    Path file(String job, String path) {
        return format(job, "bin").dir(root).resolve(path);
    }

    Path blob(byte[] content) {
        return digest(content).blobPath(root.resolve(".blobs"));
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

    static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    static long nlink(Path p) throws IOException {
        return BlobStore.linkCount(p);
    }

    long uploadsLeft() throws IOException {
        try (var s = Files.list(root.resolve(".uploads"))) {
            return s.count();
        }
    }
}
