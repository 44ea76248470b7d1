package dev.dlrepo.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The door into storage for the cleanup feature. For the scrub: every blob file and every format,
 * their bytes checked, what a repair may do (quarantine a corrupt blob, restore its mode, record a
 * holder, link a file back to its blob). For the cleanup: the tags retention may expire and their
 * deletion, the orphan sweep, the compaction of the holder records, and the schedule of full runs
 * shared by every server of the data directory. The cleanup decides; storage changes the tree,
 * under its locks.
 */
@ApplicationScoped
public class Maintenance {
    /**
     * A file of {@code .uploads} written or linked this recently may be a live request's, even
     * unlocked (a copy being made, a {@code .digests} about to be renamed): never a leftover.
     */
    public static final long LEFTOVER_MARGIN_MILLIS = Staging.LEFTOVER_MARGIN_MILLIS;
    private Tree tree;
    private Locks locks;
    private Staging staging;
    private BlobStore blobs;
    private Formats formats;
    private Expiry expiry;
    private Orphans orphans;
    private CleanupSchedule schedule;

    protected Maintenance() {
    }

    @Inject
    Maintenance(Tree tree, Locks locks, Staging staging, BlobStore blobs, Formats formats, Expiry expiry,
            Orphans orphans, CleanupSchedule schedule) {
        this.tree = tree;
        this.locks = locks;
        this.staging = staging;
        this.blobs = blobs;
        this.formats = formats;
        this.expiry = expiry;
        this.orphans = orphans;
        this.schedule = schedule;
    }

    /** Every blob file: {@code .blobs/<algo>/<2 hex>/<hex>} and its link-limit copies {@code <hex>.N}. */
    public List<Path> blobFiles() throws IOException {
        return blobs.all();
    }

    /** Where the blob of a digest is (whether it exists or not). */
    public Path blobPath(Digest digest) {
        return blobs.path(digest);
    }

    /** The blob of a digest and its link-limit copies, as they exist. */
    public List<Path> inodesOf(Digest digest) {
        return blobs.inodesOf(digest);
    }

    /** Whether {@code file} (a file of a format) is recorded as a holder of the digest's blob. */
    public boolean recordedHolder(Digest digest, Path file) {
        return blobs.recordedHolder(digest, file);
    }

    /** Records {@code file}, a link of the digest's blob found without a record. */
    public void recordHolder(Digest digest, Path file) {
        blobs.recordHolder(digest, file);
    }

    /**
     * Every file of {@code .uploads}: in use (held by a process, or written or linked at
     * {@code beforeMillis} or later) or left over by a crash ({@link StagedLeftovers}).
     */
    public List<UploadsEntry> uploads(long beforeMillis) throws IOException {
        return staging.leftovers().list(beforeMillis);
    }

    /** Removes a leftover of {@link #uploads} if it still is one; the bytes freed (0 for a blob's name), or -1 if kept. */
    public long removeLeftover(UploadsEntry entry, long beforeMillis) throws IOException {
        return staging.leftovers().remove(entry, beforeMillis);
    }

    /** Every format of every repository (main and users'). */
    public List<FormatRef> formats() {
        return formats.all();
    }

    /** The files a format records and the regular files it holds, read under its lock. */
    public FormatContents contents(FormatRef ref) {
        return formats.contents(ref);
    }

    /**
     * Makes {@code path} a hard link of {@code blob} again, if {@code .digests} still names
     * {@code digest} for it (checked under the lock: a concurrent upload wins).
     */
    public boolean relink(FormatRef ref, String path, Digest digest, Path blob) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.formatForChange(ref)) {
            if (!digest.toString().equals(DigestsFile.read(dir).get(path)) || !ArtifactPath.valid(path)) {
                return false;
            }
            Path target = dir.resolve(path);
            Tree.createDirectories(target.getParent());
            return blobs.linkInto(blob, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes a file's verified bytes as the missing blob of its digest. */
    public Path publishFrom(Path file, Digest expected) {
        try (Staged staged = staging.copyOf(file)) {
            if (!staged.digest().equals(expected)) {
                throw new IllegalStateException(file + " changed while it was copied");
            }
            return blobs.publish(staged);
        }
    }

    /** The digest a blob file is named for (copies {@code <hex>.N} included), if it is named like one. */
    public Optional<Digest> digestOf(Path blob) {
        String name = blob.getFileName().toString();
        int dot = name.indexOf('.');
        if (dot > 0 && !name.substring(dot + 1).chars().allMatch(Character::isDigit)) {
            return Optional.empty(); // a quarantined or foreign file
        }
        try {
            return Optional.of(Digest.parse(blob.getParent().getParent().getFileName() + ":" + (dot > 0 ? name.substring(0, dot) : name)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Hashes a file with the digest's algorithm. */
    public Digest hash(Path file, Digest like) throws IOException {
        return hashOf(file, like);
    }

    static Digest hashOf(Path file, Digest like) throws IOException {
        java.security.MessageDigest md = like.newMessageDigest();
        byte[] buffer = new byte[256 * 1024];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return like.withHex(md.digest());
    }

    /**
     * Takes a blob whose bytes do not match its name out of the content address (renamed to
     * {@code <hex>.corrupt-<millis>}), so the next upload of the true bytes stores a good blob.
     * Files linked to it keep their (wrong) bytes: they are reported, never rewritten.
     */
    public Path quarantine(Path blob) throws IOException {
        Path aside = blob.resolveSibling(blob.getFileName() + ".corrupt-" + System.currentTimeMillis());
        Files.move(blob, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    /** Restores the read-only mode of a blob. */
    public void makeReadOnly(Path blob) throws IOException {
        Files.setPosixFilePermissions(blob, BlobStore.READ_ONLY);
    }

    // --- the cleanup (cleanup.md): retention, the orphan sweep, the schedule of full runs

    /** The branches of the main tree, in name order: user repositories are never expired, as upstream. */
    public List<BranchRef> expirableBranches() {
        return expiry.branches();
    }

    /** The branch's retention policy, read as the listing reads it. */
    public CleanupPolicy policy(BranchRef branch) {
        return expiry.policy(branch);
    }

    /** Every tag of the branch with what retention needs of it, in name order. */
    public List<TagState> tags(BranchRef branch) {
        return expiry.tags(branch);
    }

    /**
     * Deletes an expired tag, released or not, under its formats' locks; a tag locked since it
     * was listed is kept. Whether it was deleted.
     */
    public boolean deleteExpired(TagRef tag) {
        return expiry.delete(tag);
    }

    /** How many names each inode has inside the tag: what deleting it would take from each blob. */
    public Map<Object, Long> namesByInode(TagRef tag) {
        return expiry.namesByInode(tag);
    }

    /** Deletes every orphan blob and upload not touched after {@code notAfterMillis}. */
    public Swept sweep(long notAfterMillis) {
        return orphans.sweep(notAfterMillis);
    }

    /** What {@link #sweep} would delete if the names in {@code goingAway} were already gone; deletes nothing. */
    public Swept sweepDryRun(long notAfterMillis, Map<Object, Long> goingAway) {
        return orphans.dryRun(notAfterMillis, goingAway);
    }

    /** Drops the recorded holders of blobs gone or replaced; the number of lines dropped. */
    public long compactHolderRecords() {
        return orphans.compactHolderRecords();
    }

    /** When the next full cleanup is due: a period after the last one recorded in the data directory. */
    public Instant nextCleanupDue(Duration period, Instant now) {
        return schedule.nextDue(period, now);
    }

    /** Claims the full cleanup due at {@code now} for this server: false if another ran it less than a period ago. */
    public boolean claimCleanup(Duration period, Instant now) {
        return schedule.claim(period, now);
    }
}
