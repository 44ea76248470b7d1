package dev.dlrepo.storage;

import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.InsufficientStorage;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Tells a full file system from the other I/O failures, so that a write it stopped is answered
 * 507 and logged in one line, not as a bug with a stack trace. The C library's words
 * ({@code No space left on device}, {@code Disk quota exceeded}) depend on the locale, so the
 * file system is also asked: an I/O failure with less than {@link #NEARLY_EMPTY} bytes usable
 * is one for want of room. Asked where the write failed, before its partial file is removed.
 */
final class FullDisk {
    private static final Logger LOG = Logger.getLogger(FullDisk.class.getName());
    /** Under this, a failed write failed for want of room: no block, no inode left to speak of. */
    static final long NEARLY_EMPTY = 1 << 20;

    private FullDisk() {
    }

    /** Whether {@code failure} (or a cause of it) is an I/O error of a full file system holding {@code where}. */
    static boolean explains(Throwable failure, Path where) {
        boolean io = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InsufficientStorage) {
                return true;
            }
            if (t instanceof IOException e) {
                io = true;
                String words = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
                if (words != null && (words.contains("No space left on device") || words.contains("Disk quota exceeded"))) {
                    return true;
                }
            }
        }
        return io && usable(where) < NEARLY_EMPTY;
    }

    /** The answer to the client, carrying the I/O error for the log. */
    static InsufficientStorage refusal(Throwable failure) {
        if (failure instanceof InsufficientStorage already) {
            return already;
        }
        Throwable io = failure;
        while (!(io instanceof IOException) && io.getCause() != null) {
            io = io.getCause();
        }
        return new InsufficientStorage(io);
    }

    /**
     * At the storage's door: a full disk's failure becomes the 507 and the one line for the
     * operator, saying what failed; any other failure is left to the caller to throw.
     */
    static void check(RuntimeException failure, Path where, String doing) {
        // a refusal of the API (a digest mismatch, a lock) is no I/O failure, whatever its cause
        if (failure instanceof InsufficientStorage || !(failure instanceof DlrepoException) && explains(failure, where)) {
            InsufficientStorage refusal = refusal(failure);
            Throwable io = refusal.getCause();
            LOG.warning("the data directory's file system is full (" + usable(where) + " bytes usable now): " + doing
                    + " failed" + (io == null ? "" : ": " + io));
            throw refusal;
        }
    }

    /** Runs {@code action}: a full disk met on the way is a 507 and one line in the log, not a bug. */
    static <T> T guard(Path root, String doing, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            check(e, root, doing);
            throw e;
        }
    }

    /** Bytes the server may still write on the file system of {@code where}; unknown is not full. */
    static long usable(Path where) {
        try {
            return Files.getFileStore(where).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
