package dev.dlrepo.storage;

/**
 * What became of a file queued for a format's commit. {@code BLOB_GONE}: the orphan sweep removed
 * its blob between the lookup and the link (nothing was linked); whoever still holds the bytes
 * (a staged upload) publishes them again, else the digest is unknown now.
 */
enum Linked {
    DONE,
    BLOB_GONE
}
