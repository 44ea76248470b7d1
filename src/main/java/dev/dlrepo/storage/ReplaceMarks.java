package dev.dlrepo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A commit that replaces files a format records renames each new file into place before it
 * appends the new digests to the journal: a crash between the two leaves a file whose record
 * names its former bytes (served with the wrong digest). So such a commit leaves a mark,
 * {@code .locks/replacing/<sha256 of the format's key>} naming the format, from before its first
 * link until its journal is written. Marks are made and removed under the format's lock: one
 * found under that lock was left by a crash, and the format's records are checked against its
 * files ({@link CrashRecovery}). Commits that only add names need none: a crash leaves at worst a
 * file not yet recorded.
 */
final class ReplaceMarks {
    private static final Logger LOG = Logger.getLogger(ReplaceMarks.class.getName());
    private final Path dir;

    ReplaceMarks(Path locksDir) {
        this.dir = locksDir.resolve("replacing");
    }

    /** Marks the format until the mark is closed; the format's lock is held. */
    Held mark(FormatRef ref) {
        Path mark = dir.resolve(FinalizeMarks.name(ref));
        byte[] line = (Holder.formatLine(ref) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            try {
                Files.write(mark, line);
            } catch (NoSuchFileException e) {
                Locks.ensureDir(dir);
                Files.write(mark, line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // one unlink, no exception to build; a mark that stays costs a recheck at the next start, never a wrong record
        return () -> mark.toFile().delete();
    }

    /**
     * Each mark a crash left: {@code recheck} is given its format while {@code lock} holds the
     * format's lock, then the mark goes. Returns how many were found.
     */
    int recoverCutOff(Function<FormatRef, Held> lock, Consumer<FormatRef> recheck) throws IOException {
        List<Path> marks = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir)) {
            found.forEach(marks::add);
        } catch (NoSuchFileException e) {
            return 0;
        }
        int recovered = 0;
        for (Path mark : marks) {
            Optional<FormatRef> format;
            try {
                List<String> lines = Files.readAllLines(mark, StandardCharsets.UTF_8);
                format = lines.isEmpty() ? Optional.empty() : Holder.parseFormat(lines.get(0));
            } catch (NoSuchFileException e) {
                continue; // its commit ended meanwhile
            }
            if (format.isEmpty()) {
                Files.deleteIfExists(mark); // torn: the crash came while it was written, before any link
                continue;
            }
            try (Held held = lock.apply(format.get())) {
                if (Files.exists(mark)) { // under the lock: no commit of the format runs, this one died
                    recheck.accept(format.get());
                    Files.deleteIfExists(mark);
                    recovered++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "checking the records of " + format.get().key() + " against its files after a crash"
                        + " (retried at the next start)", e);
            }
        }
        return recovered;
    }
}
