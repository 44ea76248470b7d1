package dev.dlrepo.cleanup;

import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.FormatContents;
import dev.dlrepo.storage.Maintenance;
import dev.dlrepo.storage.UploadsEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Integrity scrub: re-hashes every blob, then checks that every file a format's {@code .digests}
 * names is a hard link of that digest's blob. With {@code repair}, it fixes only what it can
 * prove: a file whose bytes hash to its recorded digest is relinked to the verified blob (or
 * becomes the missing blob); a missing file is re-linked from its verified blob; a blob that lost
 * its read-only mode gets it back; a corrupt blob is moved out of the content address; what a crash
 * left in {@code .uploads} is removed. Data it cannot verify is reported, never rewritten.
 */
@ApplicationScoped
public class Scrub {
    private Maintenance store;

    protected Scrub() {
    }

    @Inject
    public Scrub(Maintenance store) {
        this.store = store;
    }

    public ScrubReport run(boolean repair) {
        return run(repair, System.currentTimeMillis() - Maintenance.LEFTOVER_MARGIN_MILLIS);
    }

    /** {@code leftBefore}: a file of {@code .uploads} written or linked since then may be a live request's. */
    ScrubReport run(boolean repair, long leftBefore) {
        ScrubReport report = new ScrubReport(repair);
        try {
            Map<Digest, Boolean> verified = checkBlobs(report, repair);
            for (FormatRef format : store.formats()) {
                checkFormat(format, verified, report, repair);
            }
            checkUploads(report, repair, leftBefore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    /**
     * The space {@code .uploads} holds: bodies being received and names a live request is about
     * to rename are counted; what a crash left (no process holds it, older than the margin) is
     * reported, and removed on repair. A blob's second name there frees nothing by itself: without
     * it the blob is an orphan, and the sweep reclaims it.
     */
    private void checkUploads(ScrubReport report, boolean repair, long leftBefore) throws IOException {
        for (UploadsEntry entry : store.uploads(leftBefore)) {
            report.uploadsEntry(entry);
            if (entry.inUse()) {
                continue;
            }
            boolean repaired = repair && store.removeLeftover(entry, leftBefore) >= 0;
            if (entry.blobName()) {
                report.problem(ScrubProblem.LEFTOVER_BLOB_NAME, entry.file().toString(), null, "a second name of a blob of "
                        + entry.bytes() + " bytes, left by a crash: the blob is never reclaimed while it stays", repaired);
            } else {
                report.problem(ScrubProblem.LEFTOVER_UPLOAD, entry.file().toString(), null, entry.bytes()
                        + " bytes no process holds, left by a crash (a body cut off, a copy never renamed)", repaired);
            }
        }
    }

    private Map<Digest, Boolean> checkBlobs(ScrubReport report, boolean repair) throws IOException {
        Map<Digest, Boolean> good = new HashMap<>();
        for (Path blob : store.blobFiles()) {
            Optional<Digest> named = store.digestOf(blob);
            if (named.isEmpty()) {
                continue; // quarantined earlier, or not ours
            }
            Digest digest = named.get();
            Digest actual;
            try {
                actual = store.hash(blob, digest);
                report.blobChecked(Files.size(blob));
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // swept as an orphan since the listing: nothing links it, nothing to check
            }
            if (!actual.equals(digest)) {
                boolean repaired = false;
                String detail = "content hashes to " + actual;
                if (repair) {
                    detail += "; moved aside to " + store.quarantine(blob).getFileName();
                    repaired = true;
                }
                report.problem(ScrubProblem.CORRUPT_BLOB, blob.toString(), digest.toString(), detail, repaired);
                good.putIfAbsent(digest, false);
                continue;
            }
            if (blob.equals(store.blobPath(digest))) {
                good.put(digest, true);
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(blob, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.OWNER_WRITE) || mode.contains(PosixFilePermission.GROUP_WRITE)
                    || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                if (repair) {
                    store.makeReadOnly(blob);
                }
                report.problem(ScrubProblem.WRITABLE_BLOB, blob.toString(), digest.toString(), "blob is writable", repair);
            }
        }
        return good;
    }

    private void checkFormat(FormatRef format, Map<Digest, Boolean> verified, ScrubReport report, boolean repair)
            throws IOException {
        FormatContents contents = store.contents(format);
        Set<String> listed = new HashSet<>();
        for (Map.Entry<String, String> e : contents.digests().entrySet()) {
            listed.add(e.getKey());
            report.fileChecked();
            checkFile(format, contents.dir(), e.getKey(), e.getValue(), verified, report, repair);
        }
        for (String file : contents.onDisk()) {
            if (!listed.contains(file)) {
                report.problem(ScrubProblem.UNLISTED_FILE, contents.dir().resolve(file).toString(), null,
                        "not in .digests (listed again by the next post-process)", false);
            }
        }
    }

    private void checkFile(FormatRef format, Path dir, String path, String recorded, Map<Digest, Boolean> verified,
            ScrubReport report, boolean repair) throws IOException {
        Path file = dir.resolve(path);
        String where = file.toString();
        Digest digest;
        try {
            digest = Digest.parse(recorded);
        } catch (RuntimeException e) {
            report.problem(ScrubProblem.BAD_DIGEST, where, recorded, "unparsable digest in .digests", false);
            return;
        }
        List<Path> inodes = store.inodesOf(digest);
        boolean blobGood = Boolean.TRUE.equals(verified.get(digest)) && !inodes.isEmpty();
        boolean exists = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        if (exists && isLinkOfAny(file, inodes)) {
            if (!blobGood) {
                report.problem(ScrubProblem.CORRUPT_FILE, where, recorded, "linked to a blob whose bytes do not match", false);
            } else if (!store.recordedHolder(digest, file)) {
                if (repair) {
                    store.recordHolder(digest, file);
                }
                report.problem(ScrubProblem.UNRECORDED_HOLDER, where, recorded,
                        "not recorded as a holder of its blob: a link by this digest is refused", repair);
            }
            return;
        }
        if (!exists) {
            boolean repaired = repair && blobGood && store.relink(format, path, digest, inodes.get(0));
            report.problem(ScrubProblem.MISSING_FILE, where, recorded,
                    blobGood ? "re-linkable from its blob" : "no verified blob to restore it from", repaired);
            return;
        }
        // the file is not a link of its blob: trust it only if its bytes hash to the recorded digest
        boolean bytesMatch = store.hash(file, digest).equals(digest);
        if (!bytesMatch) {
            report.problem(ScrubProblem.CONTENT_MISMATCH, where, recorded, "file bytes do not hash to the recorded digest", false);
            return;
        }
        boolean repaired = false;
        if (repair) {
            Path blob = blobGood ? inodes.get(0) : digest.isSha256() ? store.publishFrom(file, digest) : null;
            if (blob != null) {
                verified.put(digest, true);
                repaired = store.relink(format, path, digest, blob);
            }
        }
        report.problem(ScrubProblem.NOT_LINKED, where, recorded,
                blobGood ? "a copy, not a link of its blob" : "its blob is missing or corrupt", repaired);
    }

    private static boolean isLinkOfAny(Path file, List<Path> inodes) throws IOException {
        for (Path blob : inodes) {
            if (Files.isSameFile(file, blob)) {
                return true;
            }
        }
        return false;
    }
}
