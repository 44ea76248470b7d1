package dev.dlrepo.storage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the last scheduled full cleanup started, in {@code <root>/.cleanup-schedule} (epoch
 * seconds, decimal): the schedule survives restarts, and every server sharing the data directory
 * reads the same one. A run is claimed under a lock file that holds across processes, so of
 * several servers whose timers fire together exactly one runs it.
 */
@ApplicationScoped
class CleanupSchedule {
    static final String FILE = ".cleanup-schedule";
    private Tree tree;
    private Path file;
    private LockFile lock;

    protected CleanupSchedule() {
    }

    @Inject
    CleanupSchedule(Tree tree) {
        this.tree = tree;
        this.file = tree.root().resolve(FILE);
        this.lock = new LockFile(tree.locksDir().resolve("cleanup"));
    }

    /**
     * When the next run is due: a period after the last one. A data directory without a record
     * starts its schedule now (recorded, so restarts do not push it back), as upstream's first run
     * comes a period after start-up.
     */
    public Instant nextDue(Duration period, Instant now) {
        try (Held held = lock.lock()) {
            Optional<Instant> last = read();
            if (last.isEmpty()) {
                write(now);
                return now.plus(period);
            }
            Instant due = last.get().plus(period);
            // a record from the future (a clock set back) must not stop the schedule for long
            return due.isAfter(now.plus(period)) ? now.plus(period) : due;
        }
    }

    /** Claims the run due at {@code now}: true (and {@code now} recorded) if a period has passed since the last. */
    public boolean claim(Duration period, Instant now) {
        try (Held held = lock.lock()) {
            Optional<Instant> last = read();
            if (last.isPresent() && now.isBefore(last.get().plus(period)) && !last.get().isAfter(now)) {
                return false; // another server ran it, or we did, less than a period ago
            }
            write(now);
            return true;
        }
    }

    /** The recorded start of the last scheduled run (for operators and tests). */
    public Optional<Instant> last() {
        return read();
    }

    public Path file() {
        return file;
    }

    private Optional<Instant> read() {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim())));
        } catch (NoSuchFileException | NumberFormatException | java.nio.charset.CharacterCodingException e) {
            return Optional.empty(); // none yet, or unreadable: the schedule starts again
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Staged in {@code .uploads}, then renamed: another server reads the old time or the new one. */
    private void write(Instant when) {
        Path tmp = tree.newUploadPath();
        try {
            Files.writeString(tmp, Long.toString(when.getEpochSecond()), StandardCharsets.US_ASCII);
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

    @PreDestroy
    void close() {
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
