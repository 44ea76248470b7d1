package dev.dlrepo.storage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * One small private file per login under {@code <root>/.tokens/} (the personal API tokens of
 * that login; their meaning is the auth package's business). A change is read, modified and
 * written back under a lock that holds across processes; the file is replaced by renaming a
 * fully written temporary file over it, so a reader needs no lock and never sees half a file.
 * The auth feature's door into storage (its tokens), beside the artifacts' ({@link Repository}).
 */
@ApplicationScoped
public class TokenFiles {
    private static final int MAX_NAME = 200;
    private Path dir;
    private LockFile lock;

    protected TokenFiles() {
    }

    @Inject
    TokenFiles(Tree tree) {
        this.dir = tree.root().resolve(".tokens");
        this.lock = new LockFile(tree.locksDir().resolve("tokens"));
        try {
            if (!Files.isDirectory(dir)) {
                // only the server's own user may list whose tokens exist
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serialises every change of every login's file, across threads and processes. */
    public Held lock() {
        return lock.lock();
    }

    /** The login's file; empty when it has none. */
    public Optional<byte[]> read(String login) {
        try {
            return Optional.of(Files.readAllBytes(file(login)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the login's file (mode 0600); call it while holding {@link #lock()}. */
    public void write(String login, byte[] content) {
        Path target = file(login);
        Path tmp = null;
        try {
            // createTempFile makes the file 0600 from the start: the hashes are never readable by others
            tmp = Files.createTempFile(dir, ".tmp-", "");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true); // the rename must not reach the disk before the bytes do
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; a stray temp file holds nothing valid
                }
            }
        }
    }

    /** Where the login's file lives (for operators and tests). */
    public Path file(String login) {
        return dir.resolve(fileName(login));
    }

    /**
     * The lower-cased login with every byte outside {@code [a-z0-9_-]} percent-encoded, so no login
     * can name another place ({@code ..}, {@code /}); a very long one is replaced by its hash.
     */
    static String fileName(String login) {
        StringBuilder out = new StringBuilder();
        for (byte b : login.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        if (out.length() > MAX_NAME) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(login.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                return "sha256-" + HexFormat.of().formatHex(hash) + ".json";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out + ".json";
    }

    @PreDestroy
    void close() {
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
