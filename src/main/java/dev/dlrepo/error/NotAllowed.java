package dev.dlrepo.error;

import java.util.List;

/** 405 with the methods that are allowed, for the {@code Allow} header. */
public final class NotAllowed extends DlrepoException {
    private static final long serialVersionUID = 1L;
    private final List<String> allowed;

    public NotAllowed(String... allowed) {
        super(405, "Method Not Allowed");
        this.allowed = List.of(allowed);
    }

    public List<String> allowed() {
        return allowed;
    }
}
