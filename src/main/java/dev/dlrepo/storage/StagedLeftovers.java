package dev.dlrepo.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What a crash leaves in {@code .uploads}: the partial body of an upload that was being received
 * (a kill -9 during a 1 GiB upload leaves hundreds of MB). A body being received is locked by its
 * request ({@code fcntl}, which holds across processes and, with working locks, across NFS
 * clients); one that nobody holds, older than the start of this server, is a leftover and goes at
 * start-up rather than at the next daily sweep. Names of blobs (more than one link) are the
 * sweep's ({@link Orphans}).
 */
final class StagedLeftovers {
    private final Path uploads;

    StagedLeftovers(Tree tree) {
        this.uploads = tree.uploadsDir();
    }

    /** Removes the unheld single-name files of {@code .uploads} last written before {@code before}; returns their bytes. */
    long removeOlderThan(long beforeMillis) throws IOException {
        long freed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(uploads)) {
            for (Path file : entries) {
                freed += removeIfLeftover(file, beforeMillis);
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return freed;
    }

    private static long removeIfLeftover(Path file, long beforeMillis) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, "unix:nlink,size,lastModifiedTime,isRegularFile", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (!Boolean.TRUE.equals(a.get("isRegularFile")) || ((Number) a.get("nlink")).longValue() != 1
                || ((FileTime) a.get("lastModifiedTime")).toMillis() >= beforeMillis) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return 0; // another process is receiving it
            }
            Files.delete(file); // under the lock: nobody can take it meanwhile
            return ((Number) a.get("size")).longValue();
        } catch (OverlappingFileLockException e) {
            return 0; // a request of this server holds it
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
