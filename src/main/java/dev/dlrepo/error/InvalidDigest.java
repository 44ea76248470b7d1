package dev.dlrepo.error;

/** 422: the Digest header is missing, malformed or names an algorithm we cannot compute. */
public final class InvalidDigest extends DlrepoException {
    private static final long serialVersionUID = 1L;

    public InvalidDigest(String value) {
        // upstream prints Python's None for a missing header; clients match on it
        super(422, "invalid digest: " + (value == null ? "None" : value));
    }
}
