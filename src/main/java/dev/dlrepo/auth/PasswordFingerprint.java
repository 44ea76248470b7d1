package dev.dlrepo.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * What binds a token to an auth-file account: a salted PBKDF2-HMAC-SHA256 of the account's
 * password, as {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}. The auth file names a person by
 * login and password only, so a login re-added for someone else (with another password) or a
 * password change is another account. Slow and salted because the token files would otherwise
 * hold a fast hash of every password that made a token, crackable from a copy of the data directory.
 */
record PasswordFingerprint(int iterations, String salt, String hash) {
    static final int ITERATIONS = 100_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile(SCHEME + ":([1-9][0-9]{0,7}):([0-9a-f]{32}):([0-9a-f]{64})");

    PasswordFingerprint {
        if (!FORMAT.matcher(SCHEME + ":" + iterations + ":" + salt + ":" + hash).matches()) {
            throw new IllegalArgumentException("not a password fingerprint");
        }
    }

    /** A new fingerprint of the password, with a salt of its own. */
    static PasswordFingerprint of(byte[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String hex = HexFormat.of().formatHex(salt);
        return new PasswordFingerprint(ITERATIONS, hex, derive(password, hex, ITERATIONS));
    }

    static Optional<PasswordFingerprint> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new PasswordFingerprint(Integer.parseInt(m.group(1)), m.group(2), m.group(3)))
                : Optional.empty();
    }

    /** Whether the password is the one fingerprinted; constant time. */
    boolean matches(byte[] password) {
        return MessageDigest.isEqual(derive(password, salt, iterations).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String derive(byte[] password, String salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(new String(password, StandardCharsets.UTF_8).toCharArray(),
                HexFormat.of().parseHex(salt), iterations, 256);
        try {
            return HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                    .getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return SCHEME + ":" + iterations + ":" + salt + ":" + hash;
    }
}
