package dev.dlrepo.auth;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.TooManyRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's modes, in upstream's order: trusted headers, then HTTP Basic against LDAP or the
 * auth file. A personal token given as the Basic password is tried first, in every mode. No
 * credentials is anonymous; bad credentials are refused (empty). Every check of a password or
 * token is counted by the {@link LoginThrottle}. The container-principal mode lives in the
 * filter, because it must let the container answer.
 */
@ApplicationScoped
public class Authenticator {
    private Settings settings;
    private AuthFile authFile;
    private Tokens tokens;
    private Instance<Directory> directories;
    private CredentialCache cache;
    private LoginThrottle throttle;
    private volatile Object authFileVersion;

    protected Authenticator() {
    }

    @Inject
    public Authenticator(Settings settings, AuthFile authFile, Tokens tokens, Instance<Directory> directories) {
        this.settings = settings;
        this.authFile = authFile;
        this.tokens = tokens;
        this.directories = directories;
        this.cache = new CredentialCache(settings.authCacheTtl(), settings.authCacheSize());
        this.throttle = new LoginThrottle(LoginThrottle.Policy.of(settings), Clock.systemUTC());
    }

    /** Trusted-header mode (a reverse proxy did the login): both header names set. */
    public boolean headerMode() {
        return settings.get(Settings.AUTH_HTTP_LOGIN_HEADER).isPresent()
                && settings.get(Settings.AUTH_HTTP_GROUPS_HEADER).isPresent();
    }

    /**
     * Every password check goes through the throttle, which may refuse it first (429, {@link
     * TooManyRequests}): before the cache too, since a cached login answers like a right guess.
     */
    public Optional<Identity> authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        Optional<BasicCredentials> basic = BasicCredentials.parse(header);
        boolean token = basic.isPresent() && Tokens.looksLikeToken(basic.get().password());
        if (headerMode() && !token) {
            return Optional.of(fromHeaders(request));
        }
        if (basic.isEmpty()) {
            return Optional.of(Identity.ANONYMOUS);
        }
        BasicCredentials c = basic.get();
        try (LoginThrottle.Attempt attempt = throttle.admit(c.login(), request.getRemoteAddr())) {
            // a valid token wins in every mode, and is checked on every request: never from the
            // cache, so a revoked or expired token stops working at once
            Optional<Identity> identity = token ? tokens.authenticate(c.login(), c.password()) : Optional.empty();
            if (identity.isEmpty() && headerMode()) {
                attempt.failed(); // a wrong token; the proxy's headers still say who it is
                return Optional.of(fromHeaders(request));
            }
            if (identity.isEmpty()) {
                identity = password(header, c);
            }
            if (identity.isPresent()) {
                attempt.succeeded();
            } else {
                attempt.failed();
            }
            return identity;
        }
    }

    /** A token given as the Basic password, in any mode (SSO users have no other password); throttled. */
    public Optional<Identity> token(HttpServletRequest request) {
        Optional<BasicCredentials> basic = BasicCredentials.parse(request.getHeader("Authorization"))
                .filter(c -> Tokens.looksLikeToken(c.password()));
        if (basic.isEmpty()) {
            return Optional.empty();
        }
        BasicCredentials c = basic.get();
        try (LoginThrottle.Attempt attempt = throttle.admit(c.login(), request.getRemoteAddr())) {
            Optional<Identity> identity = tokens.authenticate(c.login(), c.password());
            if (identity.isPresent()) {
                attempt.succeeded();
            } else {
                attempt.failed();
            }
            return identity;
        }
    }

    /** From the cache, else from LDAP or the auth file; a directory that cannot answer throws. */
    private Optional<Identity> password(String header, BasicCredentials c) {
        Object version = settings.get(Settings.LDAP_URL).isPresent() ? null : authFile.version();
        if (version != authFileVersion) {
            cache.clear(); // the auth file changed: a removed user must not live on in the cache
            authFileVersion = version;
        }
        Optional<Identity> cached = cache.get(header);
        if (cached != null) {
            return cached;
        }
        Optional<Identity> checked = check(c);
        if (checked.isPresent()) {
            cache.put(header, checked); // refusals are not kept: a user added a second ago may log in
        }
        return checked;
    }

    /** Upstream's SIGHUP: read the auth file again, forget every cached result and every failed login. */
    public void reload() {
        authFile.reload();
        cache.clear();
        throttle.clear();
    }

    private Identity fromHeaders(HttpServletRequest request) {
        String login = request.getHeader(settings.get(Settings.AUTH_HTTP_LOGIN_HEADER).orElseThrow());
        if (login == null || login.isEmpty()) {
            return Identity.ANONYMOUS;
        }
        String groups = request.getHeader(settings.get(Settings.AUTH_HTTP_GROUPS_HEADER).orElseThrow());
        // upstream: the whole value trimmed, then split on ","; absent = one empty group (matches nothing)
        Set<String> names = groups == null ? Set.of("") : Set.copyOf(Arrays.asList(groups.strip().split(",", -1)));
        return new Identity(login, names, AuthMode.HEADER);
    }

    private Optional<Identity> check(BasicCredentials c) {
        // a password that only looks like a token (not one) is checked as a password
        if (settings.get(Settings.LDAP_URL).isPresent()) {
            if (c.password().isEmpty() && !settings.ignorePasswords()) {
                return Optional.empty();
            }
            Set<String> groups = directories.get().groups(c.login(), c.password());
            return groups.isEmpty() ? Optional.empty() : Optional.of(new Identity(c.login(), groups, AuthMode.LDAP));
        }
        return authFile.check(c.login(), c.password()).map(groups -> new Identity(c.login(), groups, AuthMode.BASIC));
    }
}
