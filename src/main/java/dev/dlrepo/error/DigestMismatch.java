package dev.dlrepo.error;

/** 422: the received bytes do not hash to the announced digest; nothing was stored. */
public final class DigestMismatch extends DlrepoException {
    private static final long serialVersionUID = 1L;

    public DigestMismatch(String digest) {
        super(422, "Received data does not match digest: " + digest);
    }
}
