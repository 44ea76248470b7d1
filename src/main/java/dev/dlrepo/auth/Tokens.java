package dev.dlrepo.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Personal API tokens, accepted as the Basic password. */
@ApplicationScoped
public class Tokens {
    static final String PREFIX = "dlrepo_";

    static boolean looksLikeToken(String password) {
        return password.startsWith(PREFIX);
    }

    /** The identity a token stands for, if it is valid for that login. */
    public Optional<Identity> authenticate(String login, String token) {
        return Optional.empty();
    }
}
