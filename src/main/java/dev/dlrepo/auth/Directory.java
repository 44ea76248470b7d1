package dev.dlrepo.auth;

import java.util.Optional;
import java.util.Set;

/** Where Basic credentials are checked when {@code DLREPO_LDAP_URL} is set. */
public interface Directory {
    /** The user's groups; empty when the user is unknown, the password wrong or the user in no group. */
    Set<String> groups(String login, String password);

    /** The entry the login names now, as tokens are bound to it; empty when there is none. */
    Optional<DirectoryAccount> account(String login);
}
