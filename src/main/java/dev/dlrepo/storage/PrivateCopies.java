package dev.dlrepo.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The seed's fix. Before a post-process command runs, every file of the format becomes a private
 * copy, so the command may modify, replace, add or delete anything without touching a blob or
 * another job. Afterwards {@link #refresh()} makes every file a hard link of the blob of its
 * content again: unchanged files go back to their original blob, changed and new files are
 * hashed and linked to an existing blob with that digest or published as a new one.
 */
final class PrivateCopies {
    private static final Logger LOG = Logger.getLogger(PrivateCopies.class.getName());

    /** What a private copy looked like when handed over; any change to the file changes it. */
    private record Fingerprint(Object inode, long size, FileTime modified, FileTime changed) {
        static Fingerprint of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            return new Fingerprint(a.fileKey(), a.size(), a.lastModifiedTime(), changed);
        }
    }

    private final Path dir;
    private final Map<String, String> digests;
    private final Tree tree;
    private final BlobStore blobs;
    private final Staging staging;
    private final Map<String, Fingerprint> handedOver = new ConcurrentHashMap<>();
    private final List<String> removed = new ArrayList<>();
    /** The format's files before the copies: what the command did not add. */
    private final java.util.Set<Path> existed = new java.util.HashSet<>();
    /** Left by a finalize a crash cut off: nothing was handed over that a fingerprint could tell. */
    private boolean leftByCrash;

    private PrivateCopies(Path dir, Map<String, String> digests, Tree tree, BlobStore blobs, Staging staging) {
        this.dir = dir;
        this.digests = digests;
        this.tree = tree;
        this.blobs = blobs;
        this.staging = staging;
    }

    /**
     * Replaces every file of the format by a private copy: those of {@code .digests} copied from
     * their blob (re-created if missing on disk), any other file that shares its inode copied from
     * itself. Each copy is written under {@code .uploads/}, then takes the link's place.
     */
    static PrivateCopies make(Path dir, Map<String, String> digests, Tree tree, BlobStore blobs, Staging staging)
            throws IOException {
        PrivateCopies copies = new PrivateCopies(dir, digests, tree, blobs, staging);
        Map<Path, Path> sources = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : digests.entrySet()) {
            if (!ArtifactPath.valid(e.getKey())) {
                continue; // a hand-edited entry that would leave the format: dropped at refresh
            }
            Path file = dir.resolve(e.getKey());
            Optional<Path> blob = blob(e.getValue()).flatMap(blobs::find);
            Path source = blob.orElse(file);
            if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                continue; // neither blob nor file: the entry disappears at refresh
            }
            Tree.createDirectories(file.getParent());
            sources.put(file, source);
        }
        for (Path file : regularFiles(dir)) {
            if (!sources.containsKey(file) && BlobStore.linkCount(file) > 1) {
                sources.put(file, file);
            }
        }
        copies.existed.addAll(regularFiles(dir));
        try {
            copies.copyAll(sources);
        } catch (IOException | RuntimeException e) {
            copies.rollback(); // a copy that did not fit (a full disk) leaves no file a private copy
            throw e;
        }
        return copies;
    }

    /**
     * What a finalize cut off by a crash left in the format: private copies (the command's work,
     * whole or not), files still links of their blobs, perhaps a recorded file missing (unlinked,
     * its copy not renamed in yet). Each missing one is linked again from its blob; then
     * {@link #refresh()} keeps every file that is still a link of its recorded blob and publishes
     * the bytes of the others.
     */
    static PrivateCopies leftByCrash(Path dir, Map<String, String> digests, Tree tree, BlobStore blobs, Staging staging)
            throws IOException {
        PrivateCopies copies = new PrivateCopies(dir, digests, tree, blobs, staging);
        copies.leftByCrash = true;
        for (Map.Entry<String, String> e : digests.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!ArtifactPath.valid(e.getKey()) || Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Optional<Path> blob = blob(e.getValue()).flatMap(blobs::find);
            if (blob.isPresent()) {
                Tree.createDirectories(file.getParent());
                blobs.linkInto(blob.get(), file);
            }
        }
        return copies;
    }

    /** Copies on every core: one copy stream leaves the disk and the other core idle. */
    private void copyAll(Map<Path, Path> sources) throws IOException {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), sources.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dlrepo-private-copy");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> done = new ArrayList<>();
            sources.forEach((file, source) -> done.add(pool.submit(() -> {
                replaceByCopy(file, source);
                return null;
            })));
            Throwable failed = null;
            for (Future<Void> f : done) {
                try {
                    f.get(); // every copy waited for, failed or not: none may land after a rollback
                } catch (ExecutionException e) {
                    failed = failed == null ? e.getCause() : failed;
                }
            }
            if (failed instanceof IOException io) {
                throw io;
            }
            if (failed != null) {
                throw new IllegalStateException(failed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void replaceByCopy(Path file, Path source) throws IOException {
        Path temp = tree.newUploadPath();
        try {
            Files.copy(source, temp);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        // Unlink, then rename into the free name: renaming over an existing file makes ext4
        // (auto_da_alloc) start writing the fresh copy back at once, which triples the time of a
        // finalize; the file is missing for an instant, in a format that is dirty anyway.
        Files.deleteIfExists(file);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        handedOver.put(relative(dir, file), Fingerprint.of(file));
    }

    /**
     * Re-links every regular file now in the format and returns the new {@code .digests}: exactly
     * the files found (deleted ones are gone, new ones appear). Names the API could not serve are
     * left out and logged. Symbolic links and special files are removed ({@link #removed()}): a
     * mirror of the tree (rsync, a web server on the data directory) would follow a link out of it.
     */
    TreeMap<String, String> refresh() throws IOException {
        removeStrangers();
        TreeMap<String, String> fresh = new TreeMap<>();
        for (Path file : regularFiles(dir)) {
            String rel = relative(dir, file);
            if (!ArtifactPath.valid(rel)) {
                LOG.warning("post-process left an unservable name, not listed: " + file);
                continue;
            }
            Optional<Digest> original = unchanged(rel, file) ? blob(digests.get(rel)) : Optional.empty();
            Optional<Path> originalBlob = original.flatMap(blobs::find);
            if (originalBlob.isPresent() && relinked(originalBlob.get(), file)) {
                fresh.put(rel, original.get().toString());
            } else {
                // a copy becomes the blob, never the file: a process of the command may still hold it open
                try (Staged staged = staging.copyOf(file)) {
                    if (!blobs.replaceWithLink(blobs.publish(staged), file)) {
                        // just published and touched: only a sweep with no grace period gets here
                        throw new java.nio.file.NoSuchFileException(file + ": its new blob was swept before the link");
                    }
                    fresh.put(rel, staged.digest().toString());
                }
            }
        }
        return fresh;
    }

    /**
     * Puts the format back as it was before the copies, when they or the refresh failed (the disk
     * is full, say): what the command added goes, and every file of {@code .digests} becomes a
     * link of its blob again, which costs no room. So {@code .digests} still describes the
     * format, and no file of it stays a private copy. Best effort: what cannot be put back is
     * logged, and the next finalize makes it right.
     */
    void rollback() {
        int failed = 0;
        try {
            removeStrangers();
            for (Path file : regularFiles(dir)) {
                if (!existed.contains(file) && !digests.containsKey(relative(dir, file))) {
                    Files.deleteIfExists(file); // the command's: first, it gives room back
                }
            }
        } catch (IOException e) {
            failed++;
        }
        for (Map.Entry<String, String> e : digests.entrySet()) {
            Optional<Digest> digest = ArtifactPath.valid(e.getKey()) ? blob(e.getValue()) : Optional.empty();
            Optional<Path> blob = digest.flatMap(blobs::find);
            Path file = dir.resolve(e.getKey());
            try {
                if (blob.isPresent() && !(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && blobs.isLinkOf(file, digest.get()))) {
                    Tree.createDirectories(file.getParent());
                    blobs.linkInto(blob.get(), file);
                }
            } catch (IOException | RuntimeException ex) {
                failed++;
            }
        }
        if (failed > 0) {
            LOG.warning(failed + " files of " + dir + " could not be put back as links of their blobs; the next finalize will");
        }
    }

    /** Whether the file is as it was handed over (or, left by a crash, still a link of its recorded blob). */
    private boolean unchanged(String rel, Path file) throws IOException {
        if (leftByCrash) {
            return blob(digests.get(rel)).filter(d -> blobs.isLinkOf(file, d)).isPresent();
        }
        Fingerprint before = handedOver.get(rel);
        return before != null && before.equals(Fingerprint.of(file));
    }

    /** What the command left that a format may not hold, removed by {@link #refresh()}: names relative to the format. */
    List<String> removed() {
        return List.copyOf(removed);
    }

    private void removeStrangers() throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (!attributes.isRegularFile() && !attributes.isDirectory()) {
                    found.add(file); // a symbolic link (not followed), a fifo, a socket, a device
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        for (Path file : found) {
            Files.deleteIfExists(file); // the link itself, never what it points to
            removed.add(relative(dir, file));
        }
    }

    /** False if the blob was swept as an orphan meanwhile: the file's verified bytes are published again. */
    private boolean relinked(Path blob, Path file) throws IOException {
        return blobs.replaceWithLink(blob, file);
    }

    private static Optional<Digest> blob(String digest) {
        try {
            return digest == null ? Optional.empty() : Optional.of(Digest.parse(digest));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Regular files below the format (not through symbolic links), without the format's own files. */
    static List<Path> regularFiles(Path dir) throws IOException {
        // the fold deletes .digests.journal at any time: a walk must not trip over it
        return Walk.regularFiles(dir, Integer.MAX_VALUE).stream()
                .filter(p -> !(p.getParent().equals(dir) && ArtifactPath.RESERVED.contains(p.getFileName().toString())))
                .toList();
    }

    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
