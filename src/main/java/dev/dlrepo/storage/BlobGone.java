package dev.dlrepo.storage;

import java.nio.file.Path;

/**
 * A blob removed by the orphan sweep between its lookup and a link to it. Whoever still holds
 * the bytes (a staged upload, a post-processed file) publishes them again; otherwise the digest
 * is unknown now.
 */
final class BlobGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BlobGone(Path blob) {
        super("blob removed by the orphan sweep: " + blob, null, false, false);
    }
}
