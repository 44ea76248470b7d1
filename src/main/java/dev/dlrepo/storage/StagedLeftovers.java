package dev.dlrepo.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a crash leaves in {@code .uploads}: the partial body of an upload that was being received
 * (a kill -9 during a 1 GiB upload leaves hundreds of MB), a copy or a small file never renamed
 * into place, and second names of blobs (an upload killed between publishing its body as the
 * blob and removing its staged name). A body being received is locked by its request
 * ({@code fcntl}, which holds across processes and, with working locks, across NFS clients); one
 * that nobody holds, older than the start of this server, is a leftover and goes at start-up
 * rather than at the next daily sweep. The scrub reports every file here, in use or left over,
 * and its repair removes the leftovers ({@link #list}, {@link #remove}). Names of blobs are
 * otherwise the sweep's ({@link Orphans}).
 *
 * <p>The lock test opens the file: a process that closes any descriptor of a file loses its
 * {@code fcntl} locks on it, so the bodies this process receives ({@code ours}) are never opened
 * here, only known.
 */
final class StagedLeftovers {
    private static final String ATTRIBUTES = "unix:nlink,size,lastModifiedTime,ctime,isRegularFile";
    private final Path uploads;
    private final Predicate<Path> ours;

    /** For a process that receives nothing itself (a tool, a test). */
    StagedLeftovers(Tree tree) {
        this(tree, file -> false);
    }

    /** {@code ours}: whether this process is receiving a body into that file. */
    StagedLeftovers(Tree tree, Predicate<Path> ours) {
        this.uploads = tree.uploadsDir();
        this.ours = ours;
    }

    /** Removes the unheld single-name files of {@code .uploads} last written before {@code before}; returns their bytes. */
    long removeOlderThan(long beforeMillis) throws IOException {
        long freed = 0;
        for (UploadsEntry entry : list(beforeMillis)) {
            if (!entry.blobName() && !entry.inUse()) {
                freed += Math.max(0, remove(entry, beforeMillis));
            }
        }
        return freed;
    }

    /**
     * Every regular file of {@code .uploads}: in use if a process holds it (a body being received)
     * or it was written or linked at {@code before} or later (what a live request writes there
     * unlocked lives for moments: a {@code .digests} being replaced, a copy being made).
     */
    List<UploadsEntry> list(long beforeMillis) throws IOException {
        List<UploadsEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(uploads)) {
            for (Path file : entries) {
                Map<String, Object> a = attributes(file);
                if (a == null || !Boolean.TRUE.equals(a.get("isRegularFile"))) {
                    continue;
                }
                boolean blobName = ((Number) a.get("nlink")).longValue() > 1;
                boolean inUse = recent(a, beforeMillis) || ours.test(file) || !blobName && held(file);
                out.add(new UploadsEntry(file, blobName, ((Number) a.get("size")).longValue(), inUse));
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    /**
     * Removes a leftover of {@link #list} if it still is one (looked at again; a single-name file
     * under its lock, so nobody takes it meanwhile). Returns the bytes freed (none for a blob's
     * name: the blob keeps them until the sweep), or -1 if it was kept or gone.
     */
    long remove(UploadsEntry entry, long beforeMillis) throws IOException {
        Path file = entry.file();
        Map<String, Object> a = attributes(file);
        if (a == null || !Boolean.TRUE.equals(a.get("isRegularFile")) || recent(a, beforeMillis) || ours.test(file)) {
            return -1;
        }
        if (((Number) a.get("nlink")).longValue() > 1) {
            return Files.deleteIfExists(file) ? 0 : -1;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return -1; // another process is receiving it
            }
            Files.delete(file); // under the lock: nobody can take it meanwhile
            return ((Number) a.get("size")).longValue();
        } catch (AccessDeniedException e) {
            // read-only: a body made a blob's mode, then cut off before its link; nobody writes it
            return Files.deleteIfExists(file) ? ((Number) a.get("size")).longValue() : -1;
        } catch (OverlappingFileLockException e) {
            return -1; // a request of this server holds it
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** Whether another process holds the file's lock (a body it receives). Never asked of {@code ours}. */
    private static boolean held(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (AccessDeniedException | NoSuchFileException e) {
            return false; // read-only (nobody receives into it) or gone
        }
    }

    /** Written at {@code before} or later; a blob's name also if linked then (its ctime: a replace renames it at once). */
    private static boolean recent(Map<String, Object> a, long beforeMillis) {
        return ((FileTime) a.get("lastModifiedTime")).toMillis() >= beforeMillis
                || ((Number) a.get("nlink")).longValue() > 1 && ((FileTime) a.get("ctime")).toMillis() >= beforeMillis;
    }

    private static Map<String, Object> attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
