package dev.dlrepo.error;

/**
 * A refusal with upstream's HTTP status and reason text. The single exception mapper turns it
 * into upstream's {@code <status>: <reason>}; nothing else about the failure reaches the client.
 */
public class DlrepoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public DlrepoException(int status, String reason) {
        super(reason, null, false, false); // expected refusals: no stack trace to fill
        this.status = status;
    }

    public DlrepoException(int status, String reason, Throwable cause) {
        super(reason, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }
}
