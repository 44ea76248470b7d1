package dev.dlrepo.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication results by {@code Authorization} header for a while ({@code DLREPO_AUTH_CACHE_TTL},
 * {@code DLREPO_AUTH_CACHE_SIZE}), so an LDAP server is not asked on every request. Keys are salted
 * hashes: a heap dump shows no password.
 */
final class CredentialCache {
    private final byte[] salt = new byte[16];
    private final long ttlNanos;
    private final int size;
    private final Map<String, Entry> entries;

    private record Entry(Optional<Identity> identity, long expires) {
    }

    CredentialCache(int ttlSeconds, int size) {
        new SecureRandom().nextBytes(salt);
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
        this.size = size;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > CredentialCache.this.size;
            }
        };
    }

    /** Cached result: {@code null} when not cached, else the identity or empty for "refused". */
    synchronized Optional<Identity> get(String header) {
        if (ttlNanos <= 0 || size <= 0) {
            return null;
        }
        String key = key(header);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.expires > 0) {
            entries.remove(key);
            return null;
        }
        return e.identity;
    }

    synchronized void put(String header, Optional<Identity> identity) {
        if (ttlNanos > 0 && size > 0) {
            entries.put(key(header), new Entry(identity, System.nanoTime() + ttlNanos));
        }
    }

    synchronized void clear() {
        entries.clear();
    }

    private String key(String header) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(header.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
