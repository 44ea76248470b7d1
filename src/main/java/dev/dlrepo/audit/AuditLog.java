package dev.dlrepo.audit;

import dev.dlrepo.config.Settings;
import jakarta.annotation.PreDestroy;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The audit log: JSON lines appended to one file, rotated by size ({@code audit.log.1} is the
 * newest of the rotated files). Each line is one {@code write} on a file opened with
 * {@code O_APPEND}, so several servers sharing the file interleave whole lines. The file stays
 * open between lines, and before each line a {@code stat} of its name tells whether it is still
 * the open one: after a rotation by any server the next line goes into the new file (opening the
 * file for every line cost three more system calls per write request). Rotation itself is
 * serialised across processes by a lock file next to the log.
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
    private FileChannel out; // the file as last opened, and its inode: guarded by this
    private Object outKey;

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
            BasicFileAttributes now = stat();
            long size = now == null ? 0 : now.size();
            if (size + line.length > maxSize && size > 0) {
                rotate(line.length);
                now = stat();
            }
            append(line, now);
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

    /** Appends to the open file if {@code now} (the name's attributes, null if missing) is still it. */
    private void append(byte[] line, BasicFileAttributes now) throws IOException {
        if (out == null || !out.isOpen() || now == null || !now.fileKey().equals(outKey)) {
            reopen();
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            out.write(buffer); // one call in practice: a line is small
        }
    }

    private void reopen() throws IOException {
        close();
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        out = FileChannel.open(file, APPEND, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        outKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** Closes the file (the application stops); the next line opens it again. */
    @PreDestroy
    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // every line was one finished write()
            }
            out = null;
        }
    }

    /** The log's attributes, or null while there is none (before the first line, after a rotation with nothing kept). */
    private BasicFileAttributes stat() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private long size() throws IOException {
        BasicFileAttributes now = stat();
        return now == null ? 0 : now.size();
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
