package dev.dlrepo.auth;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.Forbidden;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The account a token is bound to, beyond its login, so that a namesake created later does not
 * inherit it: for an auth-file user a {@link PasswordFingerprint}, for an LDAP user the entry's
 * stable identifier ({@link DirectoryAccount}). Header and container users have no account the
 * server could name: their tokens are bound to the login only.
 *
 * <p>Both checks are cached, in bounded memory: a fingerprint costs a PBKDF2, so its result is
 * kept until the auth file changes; an LDAP lookup costs a connection, so the entry is kept for
 * {@code DLREPO_LDAP_ACCOUNT_CHECK_TTL} (a deleted entry is noticed that late at most). A
 * directory that cannot answer is a 503 ({@link LdapDirectory}), never a token accepted unchecked.
 */
@ApplicationScoped
public class Accounts {
    private static final Logger LOG = Logger.getLogger(Accounts.class.getName());
    static final int CACHE_SIZE = 4096;
    private AuthFile authFile;
    private Optional<Directory> directory;
    private long ldapTtlNanos;
    private Object version; // the auth file the two maps below were made from
    private Map<String, PasswordFingerprint> made;
    private Map<String, Boolean> matched;
    private Map<String, Looked> looked;

    /** Whether a token's binding is the account its login has now. */
    enum Verdict { SAME, OTHER, GONE }

    private record Looked(DirectoryAccount account, long at) {
    }

    protected Accounts() {
    }

    @Inject
    public Accounts(Settings settings, AuthFile authFile, Instance<Directory> directories) {
        // the LDAP directory exists only when configured; a client proxy, nothing connects yet
        this(authFile, settings.get(Settings.LDAP_URL).isPresent() ? Optional.of(directories.get()) : Optional.empty(),
                Duration.ofSeconds(settings.ldapAccountCheckTtl()));
    }

    Accounts(AuthFile authFile, Optional<Directory> directory, Duration ldapTtl) {
        this.authFile = authFile;
        this.directory = directory;
        this.ldapTtlNanos = ldapTtl.toNanos();
        this.made = lru();
        this.matched = lru();
        this.looked = lru();
    }

    /** Whether tokens made in {@code mode} (a record's label) are bound to an account: auth-file and LDAP users. */
    static boolean binds(String mode) {
        return mode.equals(AuthMode.BASIC.label()) || mode.equals(AuthMode.LDAP.label());
    }

    /** What a new token of this identity is bound to; empty for modes without an account to name. */
    Optional<String> bindingFor(Identity who) {
        String login = who.login();
        return switch (who.mode()) {
            case BASIC -> Optional.of(fingerprint(login)
                    .orElseThrow(() -> new Forbidden("your login is no longer in the auth file")).toString());
            case LDAP -> Optional.of(lookUp(login, true)
                    .orElseThrow(() -> new Forbidden("your login is no longer in the directory")).id());
            default -> Optional.empty();
        };
    }

    /** Whether the account the login has now in {@code mode} is the one {@code binding} names. */
    Verdict verify(String mode, String login, String binding) {
        return switch (mode) {
            case "basic" -> verifyPassword(login, binding);
            case "ldap" -> lookUp(login, false).map(a -> a.id().equals(binding) ? Verdict.SAME : Verdict.OTHER)
                    .orElse(Verdict.GONE);
            default -> Verdict.SAME;
        };
    }

    /**
     * For a token stored before tokens were bound: the binding of the login's account now, unless
     * that account cannot have made a token at {@code created} (none, or an LDAP entry created later).
     */
    Optional<String> adopt(String mode, String login, Instant created) {
        return switch (mode) {
            case "basic" -> fingerprint(login).map(PasswordFingerprint::toString);
            case "ldap" -> lookUp(login, false).filter(a -> !a.createdAfter(created)).map(DirectoryAccount::id);
            default -> Optional.empty();
        };
    }

    /** The fingerprint new tokens of the login get: one per login while the auth file is unchanged (a PBKDF2 each). */
    private Optional<PasswordFingerprint> fingerprint(String login) {
        Object seen = authFile.version();
        Optional<byte[]> password = authFile.password(login);
        if (password.isEmpty()) {
            return Optional.empty();
        }
        synchronized (this) {
            Map<String, PasswordFingerprint> now = current(seen);
            PasswordFingerprint known = now == null ? null : now.get(login);
            if (known != null) {
                return Optional.of(known);
            }
        }
        PasswordFingerprint fresh = PasswordFingerprint.of(password.get()); // outside the lock: slow on purpose
        synchronized (this) {
            if (current(seen) == made) {
                made.put(login, fresh);
                matched.put(login + "\n" + fresh, true);
            }
        }
        return Optional.of(fresh);
    }

    private Verdict verifyPassword(String login, String binding) {
        Object seen = authFile.version();
        Optional<byte[]> password = authFile.password(login);
        if (password.isEmpty()) {
            return Verdict.GONE;
        }
        Optional<PasswordFingerprint> bound = PasswordFingerprint.parse(binding);
        if (bound.isEmpty()) {
            LOG.warning("a token of " + login + " has an unreadable account binding: refused");
            return Verdict.OTHER;
        }
        String key = login + "\n" + binding;
        synchronized (this) {
            Boolean known = current(seen) == null ? null : matched.get(key);
            if (known != null) {
                return known ? Verdict.SAME : Verdict.OTHER;
            }
        }
        boolean same = bound.get().matches(password.get()); // outside the lock: slow on purpose
        synchronized (this) {
            if (current(seen) == made) {
                matched.put(key, same);
            }
        }
        return same ? Verdict.SAME : Verdict.OTHER;
    }

    /**
     * The fingerprints made for the auth file as it is now, emptied when it was read again; null
     * when it changed since {@code seen} (what was read then must not be cached as today's).
     */
    private Map<String, PasswordFingerprint> current(Object seen) {
        Object now = authFile.version();
        if (now != version) {
            made.clear();
            matched.clear();
            version = now;
        }
        return now == seen ? made : null;
    }

    /** The login's entry, from the cache when it is fresh enough (never at a token's creation). */
    private Optional<DirectoryAccount> lookUp(String login, boolean fresh) {
        if (directory.isEmpty()) {
            LOG.warning("a token of LDAP user " + login + " cannot be checked: " + Settings.LDAP_URL + " is not set");
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (!fresh && ldapTtlNanos > 0) {
            synchronized (this) {
                Looked l = looked.get(login);
                if (l != null && now - l.at < ldapTtlNanos) {
                    return Optional.of(l.account);
                }
            }
        }
        Optional<DirectoryAccount> found = directory.get().account(login); // 503 when the directory cannot answer
        synchronized (this) {
            if (found.isPresent() && ldapTtlNanos > 0) {
                looked.put(login, new Looked(found.get(), now));
            } else {
                looked.remove(login);
            }
        }
        return found;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CACHE_SIZE;
            }
        };
    }
}
