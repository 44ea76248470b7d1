package dev.dlrepo.storage;

/**
 * The accounting of a user repository's size, as the store reports changes to it. The store calls
 * it for user repositories only; what the limit is and how a refusal reads is the quota
 * feature's business.
 */
public interface Quota {
    /**
     * A file of {@code size} bytes is about to be linked into the repository in place of one of
     * {@code replaced} bytes (0 if none). Throws to refuse: then nothing is linked or counted.
     */
    void charge(Repo repo, long size, long replaced);

    /**
     * Bytes that left the repository: a delete, or a link that failed after its charge (whose
     * net charge may be negative, when it replaced a bigger file: then it is taken back).
     */
    void refund(Repo repo, long bytes);

    /** No accounting (tests of the store that are not about quota). */
    Quota NONE = new Quota() {
        @Override
        public void charge(Repo repo, long size, long replaced) {
        }

        @Override
        public void refund(Repo repo, long bytes) {
        }
    };
}
