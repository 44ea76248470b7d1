package dev.dlrepo.cleanup;

import java.util.Locale;

/** What a scrub can find; each is reported by its name in lower case (docs/operations.md has the table). */
public enum ScrubProblem {
    /** A blob's bytes do not hash to its name. */
    CORRUPT_BLOB,
    /** A file is a link of a corrupt blob. */
    CORRUPT_FILE,
    /** A blob lost its read-only mode. */
    WRITABLE_BLOB,
    /** {@code .digests} names a file that is not there. */
    MISSING_FILE,
    /** A file is a copy, not a link of its blob, with the recorded bytes. */
    NOT_LINKED,
    /** A file is not a link of its blob and its bytes hash to something else. */
    CONTENT_MISMATCH,
    /** A file on disk that {@code .digests} does not name. */
    UNLISTED_FILE,
    /** An unparsable {@code .digests} entry. */
    BAD_DIGEST,
    /** A link of its verified blob that the blob's holder record does not name. */
    UNRECORDED_HOLDER,
    /** A file of {@code .uploads} no process holds, left by a crash. */
    LEFTOVER_UPLOAD,
    /** A second name of a blob in {@code .uploads}, left by a crash: it keeps the blob from being reclaimed. */
    LEFTOVER_BLOB_NAME;

    /** Its name in the report. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
