package dev.dlrepo.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The counter {@code users/<user>/.disk_usage}: decimal bytes, no newline (upstream's file).
 * Every change happens under the user's cross-process lock, reading the file and replacing it by
 * a rename, so two servers sharing the data directory never lose an update.
 */
@ApplicationScoped
public class DiskUsage {
    static final String FILE = ".disk_usage";
    private Tree tree;
    private Locks locks;

    protected DiskUsage() {
    }

    @Inject
    public DiskUsage(Tree tree, Locks locks) {
        this.tree = tree;
        this.locks = locks;
    }

    /** The recorded usage; a missing or unparsable file counts as 0, as upstream reads it. */
    public long read(Name user) {
        return read(file(user));
    }

    /**
     * Applies {@code change} to the recorded usage under the user's lock and records the result
     * (never below 0). {@code change} may throw to refuse: then nothing is written.
     */
    public long update(Name user, LongUnaryOperator change) {
        try (Held lock = locks.usage(user)) {
            Path file = file(user);
            long before = read(file);
            long after = Math.max(0, change.applyAsLong(before));
            if (after != before || !Files.exists(file)) {
                write(file, after);
            }
            return after;
        }
    }

    /** Upstream's full re-count: the size of every file under {@code users/<user>/}, dot files included. */
    public long recompute(Name user) {
        Path dir = Repo.ofUser(user).dir(tree.root());
        try (Held lock = locks.usage(user)) {
            if (!Tree.isDirectory(dir)) {
                return 0;
            }
            long total = sizeOfFiles(dir);
            write(file(user), total);
            return total;
        }
    }

    /** The size of the file at {@code path} in the format, 0 if there is none: what an upload there replaces. */
    public long sizeOf(FormatRef format, ArtifactPath path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path.under(format.dir(tree.root())), BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a.size() : 0;
        } catch (java.nio.file.FileSystemException e) {
            return 0; // none, or a path through a file: no credit, the link-time check decides
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the user's repository exists (it is created by the first write into it). */
    public boolean exists(Name user) {
        return Tree.isDirectory(Repo.ofUser(user).dir(tree.root()));
    }

    /** The user repositories, sorted by name. */
    public List<Name> users() {
        return Browser.children(tree.root().resolve("users")).stream().map(Name::new).toList();
    }

    /** The total size of the regular files under a directory (symbolic links are not followed). */
    static long sizeOfFiles(Path dir) {
        long[] total = {0};
        try {
            Walk.regularFiles(dir, Integer.MAX_VALUE, (file, attrs) -> {
                total[0] += attrs.size();
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    private Path file(Name user) {
        return Repo.ofUser(user).dir(tree.root()).resolve(FILE);
    }

    private static long read(Path file) {
        try {
            return Math.max(0, Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return 0;
        } catch (java.nio.charset.CharacterCodingException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Staged in {@code .uploads} (same file system), then renamed: a reader sees old or new, whole. */
    private void write(Path file, long value) {
        Path tmp = tree.newUploadPath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(tmp, Long.toString(value), StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw new UncheckedIOException(e);
        }
    }
}
