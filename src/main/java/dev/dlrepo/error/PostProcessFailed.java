package dev.dlrepo.error;

/** 500 {@code post process failed}, with the command's exit status and output for the client. */
public final class PostProcessFailed extends DlrepoException {
    private static final long serialVersionUID = 1L;
    private final String output;

    public PostProcessFailed(String output) {
        super(500, "post process failed");
        this.output = output;
    }

    public String output() {
        return output;
    }
}
