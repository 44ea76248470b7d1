package dev.dlrepo.storage;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who holds a blob: for each digest, the files linked to it, one line each ({@link Holder#line()}),
 * in {@code .blobrefs/<algo>/<2 hex>/<hex>}. Knowing a digest is not enough to link a blob or learn
 * that it exists: some recorded file must still be a link of it and readable by the caller
 * (docs/architecture.md, "Blob references"). Lines are appended under the blob's lock just before
 * each link is made, so a crash leaves a line too many, never one too few; a line whose file is
 * gone or holds other bytes is passed over when read and dropped by {@link #compact}.
 *
 * <p>Recording is best effort: a line that cannot be written (a full disk) costs a client its
 * link by digest (it sends the bytes instead), never a read it should not have.
 */
final class BlobRefs {
    private static final Logger LOG = Logger.getLogger(BlobRefs.class.getName());
    private static final String BUILT = ".built";
    /** Slots of the last holder found or recorded per blob: a hint, checked like any line. */
    private static final int HINTS = 16_384;
    private final Tree tree;
    private final Path dir;
    private final Hint[] hints = new Hint[HINTS];

    /** A blob's last holder found or recorded; races between threads only lose a hint. */
    private record Hint(String key, String line) {
    }

    BlobRefs(Tree tree) {
        this.tree = tree;
        this.dir = tree.refsDir();
    }

    private static int slot(String key) {
        return Math.floorMod(key.hashCode(), HINTS);
    }

    /** The record of a blob, by its lock key {@code <algo>/<hex>}. */
    Path recordOf(String key) {
        return fanOut(dir, key);
    }

    private static Path fanOut(Path top, String key) {
        int slash = key.indexOf('/');
        return top.resolve(key.substring(0, slash)).resolve(key.substring(slash + 1, slash + 3)).resolve(key.substring(slash + 1));
    }

    /** Records {@code file} as a holder of the blob; under the blob's lock, before the link is made. */
    void add(String key, Path file) {
        Holder.at(tree.root(), file).ifPresent(h -> {
            append(recordOf(key), h.line());
            hints[slot(key)] = new Hint(key, h.line());
        });
    }

    private void append(Path record, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            // java.io: open, write, close; no stat, no exception when the record exists
            try (FileOutputStream out = new FileOutputStream(record.toFile(), true)) {
                out.write(bytes);
                return;
            } catch (FileNotFoundException e) {
                if (attempt == 2 || !createParent(record)) {
                    LOG.log(Level.WARNING, "cannot record a holder in " + record, e);
                    return;
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot record a holder in " + record, e);
                return;
            }
        }
    }

    private static boolean createParent(Path record) {
        try {
            Tree.createDirectories(record.getParent());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A recorded holder that is still a link of the blob (or of a copy of it) and that
     * {@code wanted} accepts: the last one found, if it still is; else the record's lines, newest
     * first (the file just uploaded beside the one being linked, usually).
     *
     * @param blobKey the blob's {@code fileKey}, known to the caller (one {@code stat} less)
     */
    Optional<Holder> find(String key, Path blob, Object blobKey, Predicate<Holder> wanted) {
        Hint hint = hints[slot(key)];
        String tried = null;
        if (hint != null && hint.key().equals(key)) {
            Optional<Holder> holder = Holder.parse(hint.line());
            if (holder.isPresent() && wanted.test(holder.get()) && isLinkOf(holder.get().file(tree.root()), blob, blobKey)) {
                return holder;
            }
            tried = hint.line();
        }
        for (String line : newestFirst(key)) {
            if (line.equals(tried)) {
                continue;
            }
            Optional<Holder> holder = Holder.parse(line);
            if (holder.isPresent() && wanted.test(holder.get()) && isLinkOf(holder.get().file(tree.root()), blob, blobKey)) {
                hints[slot(key)] = new Hint(key, line);
                return holder;
            }
        }
        return Optional.empty();
    }

    /** Whether {@code file} is recorded as a holder (whatever it holds now). */
    boolean contains(String key, Path file) {
        Optional<Holder> holder = Holder.at(tree.root(), file);
        return holder.isPresent() && newestFirst(key).contains(holder.get().line());
    }

    /**
     * Rewrites a record with only its holders that are still links of the blob, once each; removes
     * it when none is left. Under the blob's lock. Returns the number of lines dropped.
     */
    int compact(String key) throws IOException {
        Path blob = fanOut(tree.blobsDir(), key);
        Path record = recordOf(key);
        List<String> lines = lines(record);
        List<String> kept = new ArrayList<>();
        for (String line : new LinkedHashSet<>(lines)) {
            Optional<Holder> holder = Holder.parse(line);
            if (holder.isPresent() && isLinkOf(holder.get().file(tree.root()), blob, null)) {
                kept.add(line);
            }
        }
        if (kept.size() == lines.size()) {
            return 0;
        }
        if (kept.isEmpty()) {
            Files.deleteIfExists(record);
        } else {
            tree.writeAtomically(record, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return lines.size() - kept.size();
    }

    void delete(String key) throws IOException {
        Files.deleteIfExists(recordOf(key));
    }

    /** Every record, as lock keys {@code <algo>/<hex>}. */
    List<String> keys() throws IOException {
        List<String> keys = new ArrayList<>();
        for (Path record : Walk.regularFiles(dir, 3)) {
            Path algo = record.getParent().getParent();
            String name = record.getFileName().toString();
            if (!algo.equals(dir) && name.length() > 2 && !name.startsWith(".")) {
                keys.add(algo.getFileName() + "/" + record.getFileName());
            }
        }
        return keys;
    }

    /** Whether every link of the tree was recorded once (by this server's first start on the data directory). */
    boolean built() {
        return Files.exists(dir.resolve(BUILT));
    }

    void markBuilt() {
        tree.writeAtomically(dir.resolve(BUILT), new byte[0]);
    }

    private List<String> newestFirst(String key) {
        List<String> lines = lines(recordOf(key));
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (int i = lines.size() - 1; i >= 0; i--) {
            unique.add(lines.get(i));
        }
        return new ArrayList<>(unique);
    }

    /** The complete lines of a record (an append cut short by a crash leaves a last line without its newline). */
    private static List<String> lines(Path record) {
        String text;
        try {
            text = new String(Files.readAllBytes(record), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + record, e);
            return List.of();
        }
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    /**
     * Whether {@code file} is a link of the blob or of one of its link-limit copies {@code <hex>.N}.
     *
     * @param blobKey the blob's {@code fileKey} if known, else null
     */
    static boolean isLinkOf(Path file, Path blob, Object blobKey) {
        Object key;
        try {
            key = fileKey(file);
        } catch (IOException e) {
            return false; // gone, or not ours to read
        }
        if (key.equals(blobKey)) {
            return true;
        }
        for (int copy = blobKey == null ? 0 : 1; ; copy++) {
            Path inode = copy == 0 ? blob : blob.resolveSibling(blob.getFileName() + "." + copy);
            try {
                if (key.equals(fileKey(inode))) {
                    return true;
                }
            } catch (IOException e) {
                return false; // no more copies
            }
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
