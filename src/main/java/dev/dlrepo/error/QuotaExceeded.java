package dev.dlrepo.error;

/** 400 with upstream's words: a user repository would grow past its quota; nothing was written. */
public final class QuotaExceeded extends DlrepoException {
    private static final long serialVersionUID = 1L;

    /** {@code used} and {@code limit} as upstream prints them (decimal units, e.g. {@code 9.8G}). */
    public QuotaExceeded(String user, String used, String limit) {
        super(400, "User " + user + " quota exceeded (" + used + "/" + limit + "). Please make some ménage.");
    }
}
