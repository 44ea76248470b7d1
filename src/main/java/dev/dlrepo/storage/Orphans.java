package dev.dlrepo.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The orphan sweep of {@code .blobs} and {@code .uploads} (cleanup.md §3): a regular file goes
 * when it has no other name (link count 1) and was not touched for the orphan lifetime; a name in
 * {@code .uploads} also when it has other names but was not linked for that long either (what a
 * crash leaves, below), swept first so that its blob goes in the same run. Blobs are deleted by
 * {@link BlobStore#deleteIfOrphan}, under the lock that links take. Empty fan-out directories
 * stay, as upstream leaves them.
 */
@ApplicationScoped
class Orphans {
    private static final String ATTRIBUTES = "unix:nlink,size,lastModifiedTime,ctime,isRegularFile,fileKey";
    private Tree tree;
    private BlobStore blobs;

    protected Orphans() {
    }

    @Inject
    Orphans(Tree tree, BlobStore blobs) {
        this.tree = tree;
        this.blobs = blobs;
    }

    /**
     * Deletes every orphan not touched after {@code notAfterMillis}. Stops early, with what it
     * did so far, when the thread is interrupted (the application is stopping).
     */
    public Swept sweep(long notAfterMillis) {
        return walk(notAfterMillis, null);
    }

    /**
     * Deletes nothing: counts what {@link #sweep} would delete if the names in {@code goingAway}
     * (names per file key, e.g. of the tags retention would delete) were already gone.
     */
    public Swept dryRun(long notAfterMillis, Map<Object, Long> goingAway) {
        return walk(notAfterMillis, goingAway);
    }

    /**
     * Drops the recorded holders of blobs that are gone or replaced ({@link BlobRefs}): part of a
     * full cleanup only, as it reads every record (the orphan-only runs after each deletion do not).
     * Returns the number of lines dropped.
     */
    public long compactHolderRecords() {
        try {
            return blobs.compactRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Swept walk(long notAfterMillis, Map<Object, Long> goingAway) {
        // upstream: without .blobs, .uploads is not swept either
        if (!Tree.isDirectory(tree.blobsDir())) {
            return new Swept(0, 0, 0, 0);
        }
        // .uploads first: a staged name left by a crash is a blob's second name, and the blob is
        // an orphan once it goes; a dry run counts such names as going away
        Map<Object, Long> names = goingAway == null ? null : new HashMap<>(goingAway);
        long uploads = 0;
        long uploadBytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tree.uploadsDir())) {
            for (Path file : entries) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                long freed = names == null ? sweepUpload(file, notAfterMillis) : wouldGoFromUploads(file, notAfterMillis, names);
                if (freed >= 0) {
                    uploads++;
                    uploadBytes += freed;
                }
            }
        } catch (NoSuchFileException e) {
            // nothing to sweep
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] blobCount = new long[2];
        try {
            // a blob that vanishes as we walk (another server's sweep) is passed over, not the end of the sweep
            Walk.regularFiles(tree.blobsDir(), Integer.MAX_VALUE, (file, attributes) -> {
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                long freed = names == null ? sweepBlob(file, notAfterMillis) : wouldGo(file, notAfterMillis, names);
                if (freed >= 0) {
                    blobCount[0]++;
                    blobCount[1] += freed;
                }
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Swept(blobCount[0], blobCount[1], uploads, uploadBytes);
    }

    /** A cheap look first; only a candidate pays for the lock (and is looked at again under it). */
    private long sweepBlob(Path file, long notAfterMillis) {
        try {
            Map<String, Object> a = attributes(file);
            if (a == null || !orphan(a, 0, notAfterMillis)) {
                return -1;
            }
            return blobs.deleteIfOrphan(file, notAfterMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An upload file needs no lock: nothing links to a name in {@code .uploads}. One with other
     * names is a name of a blob's inode: either the short-lived name a replace makes and renames
     * over its target (its ctime, which {@code link()} sets, says it was just made), or the staged
     * name of an upload killed between publishing it as the blob and removing it, which would keep
     * the blob from ever being an orphan. Untouched (mtime) and unlinked (ctime) for the orphan
     * lifetime, it is such a leftover and goes; it frees no bytes of its own (its blob does).
     *
     * @return the bytes freed, or -1 when the file was kept (or was gone already)
     */
    private long sweepUpload(Path file, long notAfterMillis) {
        try {
            Map<String, Object> a = attributes(file);
            if (a == null || !staleUpload(a, notAfterMillis)) {
                return -1;
            }
            Files.delete(file);
            return ownBytes(a);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long wouldGoFromUploads(Path file, long notAfterMillis, Map<Object, Long> names) {
        try {
            Map<String, Object> a = attributes(file);
            if (a == null || !staleUpload(a, notAfterMillis)) {
                return -1;
            }
            names.merge(a.get("fileKey"), 1L, Long::sum);
            return ownBytes(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean staleUpload(Map<String, Object> a, long notAfterMillis) {
        if (!Boolean.TRUE.equals(a.get("isRegularFile")) || ((FileTime) a.get("lastModifiedTime")).toMillis() > notAfterMillis) {
            return false;
        }
        return ((Number) a.get("nlink")).longValue() == 1 || ((FileTime) a.get("ctime")).toMillis() <= notAfterMillis;
    }

    private static long ownBytes(Map<String, Object> a) {
        return ((Number) a.get("nlink")).longValue() == 1 ? ((Number) a.get("size")).longValue() : 0;
    }

    private long wouldGo(Path file, long notAfterMillis, Map<Object, Long> goingAway) {
        try {
            Map<String, Object> a = attributes(file);
            if (a == null || !orphan(a, goingAway.getOrDefault(a.get("fileKey"), 0L), notAfterMillis)) {
                return -1;
            }
            return ((Number) a.get("size")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean orphan(Map<String, Object> a, long namesGoingAway, long notAfterMillis) {
        return Boolean.TRUE.equals(a.get("isRegularFile"))
                && ((Number) a.get("nlink")).longValue() - namesGoingAway == 1
                && ((FileTime) a.get("lastModifiedTime")).toMillis() <= notAfterMillis;
    }

    private static Map<String, Object> attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
