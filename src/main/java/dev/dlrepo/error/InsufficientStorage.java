package dev.dlrepo.error;

/**
 * 507: the data directory's file system is full, or an upload would leave it under its free
 * space floor ({@code DLREPO_MIN_FREE_SPACE}); nothing was stored. Not a bug of the server: the
 * client may try again once the operator made room.
 */
public final class InsufficientStorage extends DlrepoException {
    private static final long serialVersionUID = 1L;
    public static final String FULL = "Insufficient storage: the repository's file system is full";
    public static final String FLOOR =
            "Insufficient storage: this upload would leave the repository's file system under its free space floor";

    public InsufficientStorage(String reason) {
        super(507, reason);
    }

    /** The disk was full: {@code cause} is the write's I/O error, for the log. */
    public InsufficientStorage(Throwable cause) {
        super(507, FULL, cause);
    }
}
