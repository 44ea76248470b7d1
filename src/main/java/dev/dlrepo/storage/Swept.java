package dev.dlrepo.storage;

/** What an orphan sweep removed (or, in a dry run, would remove): files and their bytes. */
public record Swept(long blobs, long blobBytes, long uploads, long uploadBytes) {
}
