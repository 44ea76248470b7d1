package dev.dlrepo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A finalize running its command blocks its own format only. It holds a lock of that format
 * alone, {@code .locks/finalize/<sha256 of the format's key>} (never deleted, so nobody ever
 * locks a file that is gone), and while the command runs it leaves a mark beside it,
 * {@code <same>.running}. The format's striped lock is only held for the short steps before and
 * after the command; every change of the format's files asks for the mark under the striped lock
 * (one {@code access()}), and when it finds one, lets the striped lock go and waits for the
 * format's own lock. A mark whose finalize died with its process is found unlocked: the waiter
 * removes it. The mark names its format ({@link Holder#formatLine}), so a server starting after a
 * crash finds the finalizes it cut off ({@link #recoverCutOff}).
 *
 * <p>One lock file per format ever finalized stays under {@code .locks/finalize/} (empty files).
 */
final class FinalizeMarks {
    private static final Logger LOG = Logger.getLogger(FinalizeMarks.class.getName());
    private final Path dir;
    /** One {@link LockFile} per format being finalized or waited for in this JVM, counted by its users. */
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    private static final class Slot {
        final LockFile file;
        int users;

        Slot(Path file) {
            this.file = new LockFile(file);
        }
    }

    FinalizeMarks(Path locksDir) {
        this.dir = locksDir.resolve("finalize");
    }

    /** Whether a finalize of the format is running its command (or died while it did). */
    boolean marked(FormatRef ref) {
        return Files.exists(mark(name(ref))); // one access(), no exception when missing
    }

    /** Held for a whole finalize: the format's own lock, and the mark while {@link Held#close} is not called. */
    Held finalizing(FormatRef ref) {
        String name = name(ref);
        Held lock = lock(name);
        try {
            Files.writeString(mark(name), ProcessHandle.current().pid() + "\n" + Holder.formatLine(ref) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException(e);
        }
        return () -> {
            try {
                Files.deleteIfExists(mark(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                lock.close();
            }
        };
    }

    /** Waits until no finalize of the format runs; a mark left by a dead one is removed. */
    void await(FormatRef ref) {
        String name = name(ref);
        try (Held lock = lock(name)) {
            Files.deleteIfExists(mark(name)); // we hold the format's own lock: no finalize runs
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each finalize a dead process left (its mark there, its lock free): {@code recover} is given
     * its format while the format's own lock is held, then the mark goes. A finalize still running,
     * here or in another process, holds its lock and is left alone. Returns how many were found.
     */
    int recoverCutOff(Consumer<FormatRef> recover) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> marks = Files.newDirectoryStream(dir, "*.running")) {
            marks.forEach(m -> names.add(m.getFileName().toString().replaceFirst("\\.running$", "")));
        } catch (NoSuchFileException e) {
            return 0;
        }
        int found = 0;
        for (String name : names) {
            Held lock = lock(name, false);
            if (lock == null) {
                continue;
            }
            try (lock) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(mark(name), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    continue; // its finalize ended meanwhile
                }
                Optional<FormatRef> format = lines.size() > 1 ? Holder.parseFormat(lines.get(1)) : Optional.empty();
                if (format.isPresent()) {
                    try {
                        recover.accept(format.get());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "finishing the finalize a crash cut off in " + format.get().key()
                                + " (retried at the next start)", e);
                        continue; // the mark stays
                    }
                    found++;
                } else {
                    LOG.warning("a finalize cut off by a crash left a mark without its format: " + mark(name)
                            + "; the scrub lists the files it left as private copies (not_linked)");
                }
                Files.deleteIfExists(mark(name));
            }
        }
        return found;
    }

    private Held lock(String name) {
        return lock(name, true);
    }

    /** The format's own lock; null if {@code wait} is false and a thread or process holds it. */
    private Held lock(String name, boolean wait) {
        Locks.ensureDir(dir);
        Slot slot = slots.compute(name, (k, s) -> {
            Slot in = s == null ? new Slot(dir.resolve(k)) : s;
            in.users++;
            return in;
        });
        Held held;
        try {
            held = wait ? slot.file.lock() : slot.file.tryLock();
        } catch (RuntimeException e) {
            leave(name);
            throw e;
        }
        if (held == null) {
            leave(name);
            return null;
        }
        return () -> {
            try {
                held.close();
            } finally {
                leave(name);
            }
        };
    }

    private void leave(String name) {
        slots.computeIfPresent(name, (k, s) -> {
            if (--s.users > 0) {
                return s;
            }
            try {
                s.file.close();
            } catch (IOException e) {
                // nothing is held any more: the channel only goes
            }
            return null;
        });
    }

    private Path mark(String name) {
        return dir.resolve(name + ".running");
    }

    static String name(FormatRef ref) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ref.key().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
