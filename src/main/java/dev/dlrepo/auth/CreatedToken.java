package dev.dlrepo.auth;

/** A token just created: the only time its full value is ever shown. */
public record CreatedToken(TokenInfo info, String token) {
}
