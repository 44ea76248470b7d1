package dev.dlrepo.error;

/** 400: the request body ended early or stalled; whatever arrived was discarded. */
public final class IncompleteBody extends DlrepoException {
    private static final long serialVersionUID = 1L;

    public IncompleteBody(Throwable cause) {
        super(400, "Incomplete request body", cause);
    }
}
