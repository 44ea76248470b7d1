package dev.dlrepo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock that holds across threads and across processes sharing the data directory.
 * A JVM lock orders the threads of this process (file locks are per process: a second
 * {@code lock()} from the same JVM would throw, not wait); the file lock then orders processes.
 */
final class LockFile {
    private final ReentrantLock threads = new ReentrantLock();
    private final Path file;
    private FileChannel channel; // guarded by threads, kept open for the life of the store
    private FileLock processes;  // guarded by threads

    LockFile(Path file) {
        this.file = file;
    }

    Held lock() {
        return acquire(true);
    }

    /** The lock if no thread or process holds it now, else null: for work that can wait for another turn. */
    Held tryLock() {
        return acquire(false);
    }

    private Held acquire(boolean wait) {
        if (wait) {
            threads.lock();
        } else if (!threads.tryLock()) {
            return null;
        }
        if (threads.getHoldCount() > 1) {
            return threads::unlock; // re-entered by this thread: the file lock is already ours
        }
        try {
            if (channel == null || !channel.isOpen()) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            processes = wait ? channel.lock() : channel.tryLock();
        } catch (IOException | RuntimeException e) {
            threads.unlock();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        if (processes == null) {
            threads.unlock(); // another process holds it
            return null;
        }
        return this::unlock;
    }

    private void unlock() {
        try {
            if (threads.getHoldCount() == 1) {
                processes.release();
                processes = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            threads.unlock();
        }
    }

    void close() throws IOException {
        threads.lock();
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            threads.unlock();
        }
    }
}
