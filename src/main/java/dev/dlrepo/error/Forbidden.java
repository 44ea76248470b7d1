package dev.dlrepo.error;

/** 403: the user is known but this credential may not do this (a token creating tokens). */
public final class Forbidden extends DlrepoException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String reason) {
        super(403, reason);
    }
}
