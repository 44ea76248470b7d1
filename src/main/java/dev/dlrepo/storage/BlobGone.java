package dev.dlrepo.storage;

import java.nio.file.Path;

/**
 * An upload whose bytes were published as a blob and swept as an orphan before the link, three
 * times in a row (a sweep with no grace period running beside it): the upload fails. A single
 * sweep between lookup and link is no exception: {@link Linked#BLOB_GONE}.
 */
final class BlobGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BlobGone(Path blob) {
        super("blob removed by the orphan sweep: " + blob, null, false, false);
    }
}
