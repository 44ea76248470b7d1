package dev.dlrepo.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A personal token as the client holds it: {@code dlrepo_<id>_<secret>}, the id (64 random bits,
 * 16 hex digits) names the stored entry, the secret (256 random bits, 64 hex digits) proves it.
 * Only the SHA-256 of the secret is stored: with 256 random bits there is nothing to guess, so a
 * slow password hash would add cost and no safety.
 */
record ApiToken(String id, String secret) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("dlrepo_([0-9a-f]{16})_([0-9a-f]{64})");
    static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    static ApiToken generate() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new ApiToken(HexFormat.of().formatHex(id), HexFormat.of().formatHex(secret));
    }

    static Optional<ApiToken> parse(String token) {
        Matcher m = FORMAT.matcher(token);
        return m.matches() ? Optional.of(new ApiToken(m.group(1), m.group(2))) : Optional.empty();
    }

    /** What is stored and compared: the SHA-256 of the secret, in hex. */
    String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant time: how much of a hash matched must not show in the answer's timing. */
    boolean matches(String storedHash) {
        return MessageDigest.isEqual(hash().getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return Tokens.PREFIX + id + "_" + secret;
    }
}
