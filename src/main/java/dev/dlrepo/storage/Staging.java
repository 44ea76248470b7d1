package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.DigestMismatch;
import dev.dlrepo.error.IncompleteBody;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives a request body into {@code .uploads/} on the data directory's file system, hashing
 * while it streams. Hashing runs on a second thread fed by a ring of buffers: hashing inline
 * stops socket reads and halves the upload speed. Bodies that fit in one buffer are hashed
 * inline, where a thread hand-off would cost more than it saves.
 */
@ApplicationScoped
class Staging {
    private static final Logger LOG = Logger.getLogger(Staging.class.getName());
    /** A file written within this margin before the start may belong to a request of another server still starting to write it. */
    static final long LEFTOVER_MARGIN_MILLIS = 60_000;
    private static final int RING = 4;
    private static final ByteBuffer END = ByteBuffer.allocate(0);
    /**
     * Buffers kept between requests: allocating (and zeroing) 256 KiB for every small upload
     * was most of the server's garbage. A buffer goes back only once no thread can touch it.
     */
    private static final int SPARE = 64;
    /** Upstream's mode for uploads: nobody else reads a body before it is verified. */
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private Tree tree;
    private int chunkSize;
    private ExecutorService hashers;
    private final ConcurrentLinkedQueue<ByteBuffer> spare = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    /** The bodies this process is receiving, locked: a lock test must not open them ({@link StagedLeftovers}). */
    private final Set<Path> receiving = java.util.concurrent.ConcurrentHashMap.newKeySet();

    protected Staging() {
    }

    @Inject
    public Staging(Tree tree, Settings settings) {
        this.tree = tree;
        this.chunkSize = settings.chunkSize();
        this.hashers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dlrepo-hash");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * At start-up, in the background: the partial bodies a crash left in {@code .uploads} (older
     * than this start by a minute, held by no process) go now, not at the next daily sweep.
     */
    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        long before = System.currentTimeMillis() - LEFTOVER_MARGIN_MILLIS;
        Thread t = new Thread(() -> {
            try {
                long freed = leftovers().removeOlderThan(before);
                if (freed > 0) {
                    LOG.info("removed " + freed + " bytes of uploads a crash left in " + tree.uploadsDir());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "removing the uploads a crash left (the sweep will)", e);
            }
        }, "dlrepo-staged-leftovers");
        t.setDaemon(true);
        t.start();
    }

    /** What a crash left in {@code .uploads}, told from what this process and others are receiving. */
    StagedLeftovers leftovers() {
        return new StagedLeftovers(tree, receiving::contains);
    }

    /**
     * Streams {@code body} to a new upload file; the result is verified against {@code expected}.
     * On a mismatch, a short or broken body, or any error, nothing is left in {@code .uploads}.
     */
    public Staged receive(InputStream body, Digest expected) {
        Path file = tree.newUploadPath();
        boolean kept = false;
        receiving.add(file);
        try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PRIVATE)) {
            out.lock(); // held while it is received: a server starting meanwhile leaves it alone (StagedLeftovers)
            long size = copyVerified(body, out, expected);
            kept = true;
            return new Staged(file, expected, size);
        } catch (IOException e) {
            if (FullDisk.explains(e, file)) { // asked while the partial body still takes its room
                throw FullDisk.refusal(e);
            }
            throw new UncheckedIOException(e);
        } finally {
            receiving.remove(file);
            if (!kept) {
                deleteQuietly(file);
            }
        }
    }

    /**
     * Reads and verifies {@code body} against {@code expected} without writing it anywhere: for
     * bytes the store already holds. Returns the size; a mismatch or a broken body is refused as
     * by {@link #receive}.
     */
    public long verify(InputStream body, Digest expected) {
        try {
            return copyVerified(body, null, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies (when {@code out} is given) and hashes the body; its size, or 422 on a mismatch. */
    private long copyVerified(InputStream body, FileChannel out, Digest expected) throws IOException {
        MessageDigest md = expected.newMessageDigest();
        long size = copy(body, out, md);
        if (!expected.withHex(md.digest()).equals(expected)) {
            throw new DigestMismatch(expected.toString());
        }
        return size;
    }

    /**
     * A private copy of a file in {@code .uploads}, hashed (sha256) while copied. The copy, not
     * the source, becomes the blob: whatever still holds the source open cannot change it.
     */
    public Staged copyOf(Path source) {
        Path file = tree.newUploadPath();
        boolean kept = false;
        try (InputStream in = Files.newInputStream(source);
                FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size = copy(in, out, md);
            kept = true;
            return new Staged(file, Digest.sha256(md.digest()), size);
        } catch (IOException e) {
            if (FullDisk.explains(e, file)) {
                throw FullDisk.refusal(e);
            }
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!kept) {
                deleteQuietly(file);
            }
        }
    }

    private long copy(InputStream body, FileChannel out, MessageDigest md) throws IOException {
        ByteBuffer first = buffer();
        int n = read(body, first);
        if (n < chunkSize) {
            md.update(first.array(), 0, n);
            write(out, first, n);
            giveBack(first);
            return n;
        }
        return copyHashingAside(body, out, md, first);
    }

    /** A buffer of {@code chunkSize}: a spare one if any, else a new one. */
    private ByteBuffer buffer() {
        ByteBuffer b = spare.poll();
        if (b == null) {
            return ByteBuffer.allocate(chunkSize);
        }
        kept.decrementAndGet();
        return b.clear();
    }

    /** Keeps a buffer no thread uses any more for the next body, up to {@link #SPARE} of them. */
    private void giveBack(ByteBuffer b) {
        if (kept.incrementAndGet() <= SPARE) {
            spare.offer(b);
        } else {
            kept.decrementAndGet();
        }
    }

    private long copyHashingAside(InputStream body, FileChannel out, MessageDigest md, ByteBuffer first)
            throws IOException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(RING);
        BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(RING + 1);
        for (int i = 1; i < RING; i++) {
            free.add(buffer());
        }
        Future<?> hasher = hashers.submit(() -> {
            for (ByteBuffer b = full.take(); b != END; b = full.take()) {
                md.update(b.array(), 0, b.limit());
                free.put(b);
            }
            return null;
        });
        long size = 0;
        try {
            ByteBuffer buffer = first;
            int n = chunkSize;
            while (true) {
                write(out, buffer, n);
                size += n;
                put(full, buffer);
                if (n < chunkSize) {
                    break;
                }
                buffer = take(free, hasher);
                n = read(body, buffer);
            }
            put(full, END);
            hasher.get();
            free.forEach(this::giveBack); // all of them: the hasher put each back before it ended
            return size;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncompleteBody(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("hashing failed", e.getCause());
        } finally {
            hasher.cancel(true);
        }
    }

    private static ByteBuffer take(BlockingQueue<ByteBuffer> free, Future<?> hasher) throws InterruptedException {
        while (true) {
            ByteBuffer b = free.poll(1, TimeUnit.SECONDS);
            if (b != null) {
                return b;
            }
            if (hasher.isDone()) {
                throw new IllegalStateException("hashing thread ended early");
            }
        }
    }

    private static void put(BlockingQueue<ByteBuffer> full, ByteBuffer b) throws InterruptedException {
        full.put(b);
    }

    /** Fills the buffer or reaches the end; Tomcat hands out at most 8 KiB per read. */
    private static int read(InputStream body, ByteBuffer buffer) {
        try {
            int n = body.readNBytes(buffer.array(), 0, buffer.capacity());
            buffer.limit(n);
            return n;
        } catch (IOException e) {
            throw new IncompleteBody(e); // client abort, stalled or truncated body
        }
    }

    /** Writes the first {@code n} bytes; {@code out} null: nothing to write, only to hash. */
    private static void write(FileChannel out, ByteBuffer buffer, int n) throws IOException {
        if (out == null) {
            return;
        }
        buffer.position(0).limit(n);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.position(0);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: the orphan sweep removes stale uploads
        }
    }

    @PreDestroy
    void shutdown() {
        hashers.shutdownNow();
    }
}
