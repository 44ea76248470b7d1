package dev.dlrepo.error;

/** 404: the object, blob or name does not exist (upstream also answers 404 for invalid names). */
public final class NotFound extends DlrepoException {
    private static final long serialVersionUID = 1L;

    public NotFound() {
        super(404, "Not Found");
    }
}
