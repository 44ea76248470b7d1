package dev.dlrepo.auth;

/**
 * How an {@link Identity} was recognised. The label is what the audit log and the token records
 * say (upstream has no such field; these words are ours and stay as they are on disk).
 */
public enum AuthMode {
    /** {@code DLREPO_AUTH_DISABLED=1}: nobody is checked. */
    DISABLED("disabled"),
    /** No credentials. */
    ANONYMOUS("anonymous"),
    /** HTTP Basic against the auth file. */
    BASIC("basic"),
    /** HTTP Basic against LDAP. */
    LDAP("ldap"),
    /** The trusted headers of a reverse proxy. */
    HEADER("header"),
    /** A personal token. */
    TOKEN("token"),
    /** The container's principal ({@code DLREPO_AUTH_CONTAINER=1}). */
    CONTAINER("container");

    private final String label;

    AuthMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
