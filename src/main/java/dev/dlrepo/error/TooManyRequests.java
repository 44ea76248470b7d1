package dev.dlrepo.error;

/**
 * 429: too many failed logins from this address or for this login; nothing was checked. The
 * client may try again after {@link #retryAfter()} seconds (the {@code Retry-After} header).
 */
public final class TooManyRequests extends DlrepoException {
    private static final long serialVersionUID = 1L;
    private final long retryAfter;

    public TooManyRequests(long retryAfter) {
        super(429, "Too Many Requests");
        this.retryAfter = Math.max(1, retryAfter);
    }

    /** Whole seconds until the refusal ends, at least 1. */
    public long retryAfter() {
        return retryAfter;
    }
}
