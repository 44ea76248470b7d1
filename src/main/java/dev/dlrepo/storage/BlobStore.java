package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The content-addressed store {@code .blobs/<algo>/<2 hex>/<hex>}. A blob is written once, by
 * linking a verified upload into place, and never opened for writing again: blobs are made
 * read-only (0444; upstream leaves 0644) as a guard against anything that would write in place.
 *
 * <p>An inode has a limited number of names (ext4: 65,000). When a blob is full, the store starts
 * another copy of it, {@code <hex>.1}, {@code <hex>.2}..., and links new names to that one.
 */
@ApplicationScoped
class BlobStore {
    static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");

    private Tree tree;
    private LinkLimit linkLimit;
    private Locks locks;
    private BlobRefs refs;

    protected BlobStore() {
    }

    /** The blob locks are the wiring's one {@link Locks} (CDI's, or {@link Storage}'s): never a table of its own. */
    @Inject
    BlobStore(Tree tree, Settings settings, Locks locks) {
        this.tree = tree;
        this.linkLimit = new LinkLimit(tree, settings.maxLinks());
        this.locks = locks;
        this.refs = new BlobRefs(tree);
    }

    public Path path(Digest digest) {
        return digest.blobPath(tree.blobsDir());
    }

    /**
     * The blob of a digest, if stored. Every lookup touches the blob's mtime: the orphan sweep
     * only removes blobs left untouched for a grace period, so a blob about to be linked stays.
     * Through {@code java.io.File}: a {@code stat} and a {@code utimes}, where {@code Files} opens
     * the blob, reads its attributes, sets the times and closes it, and throws for a new digest.
     */
    public Optional<Path> find(Digest digest) {
        Path blob = path(digest);
        return touch(blob) ? Optional.of(blob) : Optional.empty();
    }

    /** Sets the blob's mtime to now; false if there is no such blob. */
    private static boolean touch(Path blob) {
        return blob.toFile().setLastModified(System.currentTimeMillis());
    }

    /**
     * The size of the blob of a digest, if it is stored and some file recorded as holding it is
     * still a link of it and readable by a caller who may read the URLs {@code readable} accepts
     * (the file's format's and its own): what a link or a probe by digest asks before it tells
     * anything about the blob. The blob is not touched: a link follows at once, under the blob's
     * lock ({@link #linkInto}), where the sweep cannot remove it.
     */
    public Optional<Long> readableSize(Digest digest, Predicate<String> readable) {
        Path blob = path(digest);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(blob, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean held = refs.find(lockKey(blob), blob, attributes.fileKey(), h -> h.readableBy(readable)).isPresent();
        return held ? Optional.of(attributes.size()) : Optional.empty();
    }

    /** Whether some format holds a name of the blob (it has more than its own). */
    public boolean isLinked(Path blob) {
        try {
            return linkCount(blob) > 1;
        } catch (IOException e) {
            return false; // gone meanwhile: the caller takes the path that does not need it
        }
    }

    public long size(Path blob) {
        try {
            return Files.size(blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a verified upload the blob of its digest. An existing blob is never replaced: when one
     * is already there (a duplicate, or a concurrent upload of the same bytes) it is kept, touched,
     * and the upload is dropped by the caller.
     */
    public Path publish(Staged staged) {
        Path blob = path(staged.digest());
        try {
            Files.setPosixFilePermissions(staged.file(), READ_ONLY);
            boolean created = false;
            while (true) {
                try {
                    // link() never replaces: the first of two racing uploads wins, the second reuses it
                    Files.createLink(blob, staged.file());
                    return blob;
                } catch (NoSuchFileException e) {
                    if (created) {
                        throw e;
                    }
                    // the first blob of its fan-out directory (asked only then: one stat less per upload)
                    Tree.createDirectories(blob.getParent());
                    created = true;
                } catch (FileAlreadyExistsException e) {
                    if (touch(blob)) {
                        return blob;
                    } // else the orphan sweep removed it in between: ours becomes the blob
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Publishes {@code target} as a new hard link of {@code blob}, replacing whatever was there
     * atomically, and records it as a holder of the blob ({@link BlobRefs}). A free name is linked
     * directly: a new name appears at once, whole, in one system call. A taken one is replaced
     * through a link made under {@code .uploads/}, then renamed over the target, so readers see
     * the old file or the new one, never a gap.
     */
    public boolean linkInto(Path blob, Path target) throws IOException {
        // Under the blob's lock, which the orphan sweep holds while it checks and deletes: a blob
        // it removes has no link made to it in between. The holder is recorded first: a crash
        // between the two leaves a line too many, which readers check and pass over.
        String key = lockKey(blob);
        try (Held lock = locks.blob(key)) {
            refs.add(key, target);
            try {
                linkLimit.link(blob, target);
            } catch (FileAlreadyExistsException e) {
                replace(blob, target); // the name is taken
            }
            return true;
        } catch (NoSuchFileException e) {
            return gone(blob, e); // the blob, or the target's directory (the job deleted meanwhile)
        }
    }

    /**
     * As {@link #linkInto} for a name known to be taken (a private copy going back to its blob):
     * straight to the link under {@code .uploads/} and the rename.
     */
    public boolean replaceWithLink(Path blob, Path target) throws IOException {
        String key = lockKey(blob);
        try (Held lock = locks.blob(key)) {
            refs.add(key, target);
            replace(blob, target);
            return true;
        } catch (NoSuchFileException e) {
            return gone(blob, e);
        }
    }

    /**
     * Under the blob's lock, rename included: the compaction of its record (under the same lock)
     * must not see the target before it is a link of the blob, or it would drop its line.
     */
    private void replace(Path blob, Path target) throws IOException {
        Path temp = tree.newUploadPath();
        linkLimit.link(blob, temp);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            // rename() of two names of one inode succeeds without doing anything: drop ours
            Files.deleteIfExists(temp);
        }
    }

    /** Whether {@code file} is a link of the digest's blob (or of one of its link-limit copies). */
    public boolean isLinkOf(Path file, Digest digest) {
        return BlobRefs.isLinkOf(file, path(digest), null);
    }

    /** Whether {@code file} (a file of a format) is recorded as a holder of the digest's blob. */
    public boolean recordedHolder(Digest digest, Path file) {
        return refs.contains(lockKey(path(digest)), file);
    }

    /** Records {@code file}, a link of the digest's blob found without a record (scrub, first start). */
    public void recordHolder(Digest digest, Path file) {
        String key = lockKey(path(digest));
        try (Held lock = locks.blob(key)) {
            if (!refs.contains(key, file)) {
                refs.add(key, file);
            }
        }
    }

    /**
     * Drops the lines of every record whose file is gone or holds other bytes now, and the records
     * of blobs that are gone (the sweep). Returns the number of lines dropped.
     */
    public long compactRecords() throws IOException {
        long dropped = 0;
        for (String key : refs.keys()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            try (Held lock = locks.blob(key)) {
                dropped += refs.compact(key);
            }
        }
        return dropped;
    }

    /** Whether every holder of the tree was recorded once; see {@link HolderRecords}. */
    boolean recordsBuilt() {
        return refs.built();
    }

    void recordsBuiltNow() {
        refs.markBuilt();
    }

    /**
     * False if the blob is missing (swept as an orphan: whoever holds its bytes publishes them
     * again); else {@code e} is thrown, the target's directory is what is missing.
     */
    private static boolean gone(Path blob, NoSuchFileException e) throws NoSuchFileException {
        if (!Files.exists(blob, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        throw e;
    }

    /**
     * Deletes a file of {@code .blobs} if it is an orphan: no other name (link count 1) and not
     * touched since {@code notAfterMillis}. Both are checked again under the blob's lock, which
     * {@link #linkInto} holds while it links, so a blob is never removed under a new link.
     *
     * @return the bytes freed, or -1 when the file was kept (or was gone already)
     */
    public long deleteIfOrphan(Path file, long notAfterMillis) throws IOException {
        try (Held lock = locks.blob(lockKey(file))) {
            Map<String, Object> a = Files.readAttributes(file, "unix:nlink,size,lastModifiedTime,isRegularFile",
                    LinkOption.NOFOLLOW_LINKS);
            if (!Boolean.TRUE.equals(a.get("isRegularFile")) || ((Number) a.get("nlink")).longValue() != 1
                    || ((FileTime) a.get("lastModifiedTime")).toMillis() > notAfterMillis) {
                return -1;
            }
            Files.delete(file);
            if (!file.getFileName().toString().contains(".")) {
                refs.delete(lockKey(file)); // without its blob a digest is unknown: its holders go with it
            }
            return ((Number) a.get("size")).longValue();
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** {@code <algo>/<hex>} of a blob file, the same for its link-limit copies {@code <hex>.N}. */
    static String lockKey(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        Path fanOut = file.getParent();
        Path algo = fanOut == null ? null : fanOut.getParent();
        return (algo == null ? "" : algo.getFileName() + "/") + (dot > 0 ? name.substring(0, dot) : name);
    }

    /** Every blob file: {@code .blobs/<algo>/<2 hex>/<hex>} and its link-limit copies {@code <hex>.N}. */
    public List<Path> all() throws IOException {
        return Walk.regularFiles(tree.blobsDir(), 3); // the sweep deletes blobs as we walk
    }

    /** The blob of a digest and its link-limit copies, as they exist. */
    public List<Path> inodesOf(Digest digest) {
        return LinkLimit.inodesOf(path(digest));
    }

    public static long linkCount(Path p) throws IOException {
        return LinkLimit.linkCount(p);
    }
}
