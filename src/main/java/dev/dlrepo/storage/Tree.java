package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The data directory and its fixed places: {@code .blobs}, {@code .uploads} (upstream's), and
 * ours, {@code .locks} (cross-process lock files), {@code .trash} (whole directories being
 * deleted) and {@code .blobrefs} (who holds each blob, {@link BlobRefs}). Everything lives on one
 * file system, so a rename between them is atomic.
 */
@ApplicationScoped
class Tree {
    private static final Logger LOG = Logger.getLogger(Tree.class.getName());
    private Path root;
    private Path blobs;
    private Path uploads;
    private Path locks;
    private Path trash;
    private Path refs;

    protected Tree() {
    }

    @Inject
    public Tree(Settings settings) {
        this(settings.rootDir());
    }

    public Tree(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.blobs = this.root.resolve(".blobs");
        this.uploads = this.root.resolve(".uploads");
        this.locks = this.root.resolve(".locks");
        this.trash = this.root.resolve(".trash");
        this.refs = this.root.resolve(".blobrefs");
        for (Path dir : new Path[] {blobs, uploads, locks, trash, refs}) {
            Locks.ensureDir(dir);
        }
        emptyTrash();
    }

    /**
     * Opens the data directory when the application starts, not at the first request: a
     * directory that cannot be created or written fails the deployment, where it is seen.
     */
    void open(@jakarta.enterprise.event.Observes @jakarta.enterprise.context.Initialized(jakarta.enterprise.context.ApplicationScoped.class) Object started) {
        LOG.info("data directory " + root);
    }

    public Path root() {
        return root;
    }

    public Path blobsDir() {
        return blobs;
    }

    public Path uploadsDir() {
        return uploads;
    }

    Path locksDir() {
        return locks;
    }

    Path refsDir() {
        return refs;
    }

    /** A fresh name in {@code .uploads}, upstream's 32 lower-case hex characters. */
    public Path newUploadPath() {
        return uploads.resolve(randomHex());
    }

    /**
     * Replaces a small file atomically: written beside the data in {@code .uploads} (same file
     * system), then renamed over the target. Readers see the old content or the new, never a part.
     */
    public void writeAtomically(Path target, byte[] content) {
        Path temp = newUploadPath();
        try {
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the orphan sweep of .uploads removes it
            }
            throw new UncheckedIOException(e);
        }
    }

    static String randomHex() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /**
     * Removes a directory tree: first renamed into {@code .trash} so that readers see it gone at
     * once and a crash never leaves half a job behind, then deleted. Hard links are just unlinked;
     * the blobs and every other job that shares them keep their bytes.
     *
     * @return the total size of the files removed (what a user repository gets back)
     */
    public long discard(Path dir) {
        Path doomed = trash.resolve(randomHex());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException(".trash must be on the data directory's file system", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // counted once it is out of sight: exactly what was removed, nothing that arrives later
        long size = DiskUsage.sizeOfFiles(doomed);
        deleteRecursively(doomed);
        return size;
    }

    private void emptyTrash() {
        try (var entries = Files.list(trash)) {
            entries.forEach(Tree::deleteRecursively);
        } catch (IOException e) {
            LOG.warning("cannot empty " + trash + ": " + e);
        }
    }

    static void deleteRecursively(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * {@link Files#createDirectories}, but one stat when the directory exists, the usual case:
     * the JDK's tries mkdir first and builds an exception (a stack trace) to learn it exists.
     */
    static void createDirectories(Path dir) throws IOException {
        if (!isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }
}
