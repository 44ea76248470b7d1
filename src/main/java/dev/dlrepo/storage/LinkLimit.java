package dev.dlrepo.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hard-link limit of an inode (ext4: 65,000 names). When a blob is full, another read-only
 * copy of it, {@code <hex>.1}, {@code <hex>.2}..., takes the new names; readers never notice.
 *
 * <p>{@code EMLINK} is recognised by what it is, not by the error's text (which the C library
 * words, in the server's locale): a {@code link()} that fails for no reason the JDK names, on an
 * inode that already has other names, while a copy with room links fine. A copy whose link fails
 * too (a full disk, another file system) proves it was not the limit: the first error is thrown.
 */
final class LinkLimit {
    private final Tree tree;
    private final long maxLinks;

    LinkLimit(Tree tree, long maxLinks) {
        this.tree = tree;
        this.maxLinks = maxLinks;
    }

    /** Links {@code link} to the blob, or to the first of its copies with room (started as needed). */
    void link(Path blob, Path link) throws IOException {
        FileSystemException full = null;
        for (int copy = 0; ; copy++) {
            Path candidate = copy(blob, copy);
            boolean started = false;
            if (copy > 0 && !Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                startCopy(blob, candidate);
                started = true;
            }
            if (maxLinks > 0 && linkCount(candidate) >= maxLinks) {
                continue;
            }
            try {
                Files.createLink(link, candidate);
                return;
            } catch (FileSystemException e) {
                if (!mayBeTheLimit(e, candidate) || started && full != null) {
                    throw full != null ? full : e;
                }
                full = full == null ? e : full; // this inode is full: the next copy takes the name
            }
        }
    }

    /**
     * Whether a failed {@code link()} of {@code inode} may be {@code EMLINK}: no error the JDK
     * tells apart (a taken name, a missing file, a refused access), and the inode has other names
     * already (a limit is never below two).
     */
    static boolean mayBeTheLimit(FileSystemException e, Path inode) {
        if (e instanceof FileAlreadyExistsException || e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
            return false;
        }
        try {
            return linkCount(inode) > 1;
        } catch (IOException gone) {
            return false;
        }
    }

    /** A second inode with the same bytes, read-only, published without replacing a racing one. */
    private void startCopy(Path blob, Path copy) throws IOException {
        Path temp = tree.newUploadPath();
        try {
            Files.copy(blob, temp);
            Files.setPosixFilePermissions(temp, BlobStore.READ_ONLY);
            Files.createLink(copy, temp);
        } catch (FileAlreadyExistsException e) {
            // another request started it first
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The blob and its link-limit copies, as they exist. */
    static List<Path> inodesOf(Path blob) {
        List<Path> out = new ArrayList<>();
        for (int copy = 0; ; copy++) {
            Path p = copy(blob, copy);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return out;
            }
            out.add(p);
        }
    }

    private static Path copy(Path blob, int copy) {
        return copy == 0 ? blob : blob.resolveSibling(blob.getFileName() + "." + copy);
    }

    static long linkCount(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
    }
}
