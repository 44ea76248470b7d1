package dev.dlrepo.storage;

import dev.dlrepo.error.InvalidDigest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * A content digest {@code <algo>:<hex>} as upstream's {@code Digest} header carries it. Algorithm
 * names are Python's hashlib names; only those the JDK computes are accepted, and the hex length
 * must fit the algorithm (upstream does not check it, but no such blob could ever exist).
 */
public record Digest(String algorithm, String hex) {
    private static final Map<String, String> JDK_NAMES = Map.of(
            "md5", "MD5", "sha1", "SHA-1", "sha224", "SHA-224", "sha256", "SHA-256",
            "sha384", "SHA-384", "sha512", "SHA-512", "sha3_224", "SHA3-224",
            "sha3_256", "SHA3-256", "sha3_384", "SHA3-384", "sha3_512", "SHA3-512");
    private static final Map<String, Integer> HEX_LENGTHS = Map.of(
            "md5", 32, "sha1", 40, "sha224", 56, "sha256", 64, "sha384", 96, "sha512", 128,
            "sha3_224", 56, "sha3_256", 64, "sha3_384", 96, "sha3_512", 128);

    public Digest {
        Integer length = HEX_LENGTHS.get(algorithm);
        if (length == null || hex == null || hex.length() != length || !isLowerHex(hex)) {
            throw new InvalidDigest(algorithm + ":" + hex);
        }
    }

    /** Parses a header value; upper-case hex is accepted and lower-cased, as upstream does. */
    public static Digest parse(String header) {
        if (header == null) {
            throw new InvalidDigest(null);
        }
        int colon = header.indexOf(':');
        if (colon <= 0 || header.length() > 200) {
            throw new InvalidDigest(header);
        }
        String algorithm = header.substring(0, colon).toLowerCase(Locale.ROOT);
        String hex = header.substring(colon + 1).toLowerCase(Locale.ROOT);
        Integer length = HEX_LENGTHS.get(algorithm);
        if (length == null || hex.length() != length || !isLowerHex(hex)) {
            throw new InvalidDigest(header);
        }
        return new Digest(algorithm, hex);
    }

    public static Digest sha256(byte[] raw) {
        return new Digest("sha256", toHex(raw));
    }

    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(JDK_NAMES.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    public Digest withHex(byte[] raw) {
        return new Digest(algorithm, toHex(raw));
    }

    public boolean isSha256() {
        return "sha256".equals(algorithm);
    }

    /** {@code .blobs/<algo>/<2 hex>/<hex>} under the data directory. */
    public Path blobPath(Path blobsDir) {
        return blobsDir.resolve(algorithm).resolve(hex.substring(0, 2)).resolve(hex);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    static String toHex(byte[] raw) {
        return HexFormat.of().formatHex(raw);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
