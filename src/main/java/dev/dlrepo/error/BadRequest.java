package dev.dlrepo.error;

/** 400 with upstream's reason, e.g. the refused path or "Cannot upload files in locked jobs". */
public final class BadRequest extends DlrepoException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String reason) {
        super(400, reason);
    }
}
