package dev.dlrepo.audit;

import dev.dlrepo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The audit log: JSON lines appended to one file, rotated by size ({@code audit.log.1} is the
 * newest of the rotated files). Each line is one {@code write} on a file opened with
 * {@code O_APPEND}, opened afresh for each line, so several servers sharing the file (and its
 * rotation by any of them) interleave whole lines and never write into a file that was rotated
 * away. Rotation itself is serialised across processes by a lock file next to the log.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final Set<StandardOpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    private Path file;
    private long maxSize;
    private int keep;
    private boolean failing;

    protected AuditLog() {
    }

    @Inject
    public AuditLog(Settings settings) {
        this(settings.auditLog(), settings.auditLogMaxSize(), settings.auditLogFiles());
    }

    public AuditLog(Optional<Path> file, long maxSize, int keep) {
        this.file = file.orElse(null);
        this.maxSize = maxSize;
        this.keep = keep;
        if (this.file != null) {
            LOG.info("audit log: " + this.file + " (rotated past " + maxSize + " bytes, " + keep + " kept)");
        } else {
            LOG.info("audit log: off (DLREPO_AUDIT_LOG=off)");
        }
    }

    public boolean enabled() {
        return file != null;
    }

    /**
     * Appends the entry. A failure (disk full, no permission) is logged once, without a stack
     * trace, until a line can be written again: the request it records has already been answered.
     */
    public synchronized void record(AuditEntry entry) {
        if (file == null) {
            return;
        }
        byte[] line = entry.line();
        try {
            if (size() + line.length > maxSize && size() > 0) {
                rotate(line.length);
            }
            append(line);
            if (failing) {
                LOG.info("audit log " + file + " is written again");
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.severe("cannot write the audit log " + file + ": " + e);
                failing = true;
            }
        }
    }

    private void append(byte[] line) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        try (FileChannel out = FileChannel.open(file, APPEND,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                out.write(buffer); // one call in practice: a line is small
            }
        }
    }

    private long size() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** audit.log.N-1 → .N, ..., audit.log → .1, under the cross-process lock. */
    private void rotate(int next) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            // another server may have rotated while we waited: look again
            if (size() + next <= maxSize || size() == 0) {
                return;
            }
            if (keep == 0) {
                Files.deleteIfExists(file);
                return;
            }
            Files.deleteIfExists(rotated(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.ATOMIC_MOVE);
        } catch (OverlappingFileLockException e) {
            // another instance in this JVM is rotating this very file right now: it will be done soon
        }
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }
}
