package dev.dlrepo.auth;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.Forbidden;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.Held;
import dev.dlrepo.storage.TokenFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Personal API tokens, accepted as the Basic password of their own login. A token carries the
 * groups its creator had when creating it, and never more: for an auth-file user the groups are
 * re-checked against the auth file on every use, so removing the user (or a group) ends the token
 * at once. LDAP, header and container users cannot be re-checked without their password or their
 * proxy; their tokens keep the groups of the day they were made (give them an expiry). Auth-file
 * and LDAP tokens are also bound to the account that made them ({@link Accounts}): a namesake
 * added later, with another password or another LDAP entry, does not inherit them. Header and
 * container tokens are bound to the login only: revoke them when someone leaves.
 */
@ApplicationScoped
public class Tokens {
    static final String PREFIX = "dlrepo_";
    static final int MAX_PER_LOGIN = 50;
    // a use is recorded at most this often: not one write per request
    private static final Duration LAST_USED_STEP = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(Tokens.class.getName());
    private TokenFiles files;
    private AuthFile authFile;
    private Accounts accounts;
    private Clock clock;

    /**
     * One stored token: the hash of its secret, never the secret; {@code account} names the account
     * that made it (empty for modes without one, and in records older than bindings).
     */
    record Entry(String id, String login, String name, String sha256, Set<String> groups, String mode,
            Optional<String> account, Instant created, Optional<Instant> expires, Optional<Instant> lastUsed) {
        TokenInfo info() {
            return new TokenInfo(id, name, created, expires, lastUsed);
        }

        boolean expiredAt(Instant now) {
            return expires.isPresent() && !now.isBefore(expires.get());
        }

        Entry usedAt(Instant now) {
            return new Entry(id, login, name, sha256, groups, mode, account, created, expires, Optional.of(now));
        }

        Entry boundTo(String binding) {
            return new Entry(id, login, name, sha256, groups, mode, Optional.of(binding), created, expires, lastUsed);
        }
    }

    protected Tokens() {
    }

    @Inject
    public Tokens(TokenFiles files, AuthFile authFile, Accounts accounts) {
        this(files, authFile, accounts, Clock.systemUTC());
    }

    Tokens(TokenFiles files, AuthFile authFile, Accounts accounts, Clock clock) {
        this.files = files;
        this.authFile = authFile;
        this.accounts = accounts;
        this.clock = clock;
    }

    static boolean looksLikeToken(String password) {
        return password.startsWith(PREFIX);
    }

    /** A new token for the identity, with the identity's groups; its value is in the answer only. */
    public CreatedToken create(Identity who, TokenRequest request) {
        String login = loginOf(who);
        if (who.mode() == AuthMode.TOKEN) {
            // a leaked token must not be able to outlive its expiry by minting another
            throw new Forbidden("A token cannot create tokens: log in with your password");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Optional<Instant> expires = request.expires()
                .or(() -> request.expiresInDays().map(days -> now.plus(Duration.ofDays(days))));
        if (expires.isPresent() && !expires.get().isAfter(now)) {
            throw new BadRequest("expires: must be in the future");
        }
        if (expires.isPresent() && expires.get().isAfter(now.plus(Duration.ofDays(TokenRequest.MAX_DAYS)))) {
            throw new BadRequest("expires: at most " + TokenRequest.MAX_DAYS + " days from now");
        }
        Optional<String> account = accounts.bindingFor(who); // before the lock: it may ask the directory
        ApiToken token = ApiToken.generate();
        Entry entry = new Entry(token.id(), login, request.name(), token.hash(), who.groups(), who.mode().label(), account, now,
                expires, Optional.empty());
        try (Held held = files.lock()) {
            List<Entry> entries = read(login);
            List<Entry> live = entries.stream().filter(e -> !e.expiredAt(now)).toList();
            if (live.stream().filter(e -> e.login.equals(login)).count() >= MAX_PER_LOGIN) {
                throw new BadRequest("at most " + MAX_PER_LOGIN + " tokens per user: revoke one first");
            }
            List<Entry> next = new ArrayList<>(live); // expired tokens are dropped whenever the file changes
            next.add(entry);
            write(login, next);
        }
        return new CreatedToken(entry.info(), token.toString());
    }

    /** The identity's own tokens, oldest first, expired ones included until they are cleaned away. */
    public List<TokenInfo> list(Identity who) {
        String login = loginOf(who);
        return read(login).stream().filter(e -> e.login.equals(login))
                .sorted(Comparator.comparing(Entry::created).thenComparing(Entry::id))
                .map(Entry::info).toList();
    }

    /** Revokes one of the identity's own tokens; somebody else's is as unknown as a missing one. */
    public void revoke(Identity who, String id) {
        String login = loginOf(who);
        try (Held held = files.lock()) {
            List<Entry> entries = read(login);
            List<Entry> next = entries.stream().filter(e -> !(e.id.equals(id) && e.login.equals(login))).toList();
            if (next.size() == entries.size()) {
                throw new NotFound();
            }
            write(login, next);
        }
    }

    /** The identity a token stands for, if it is valid, unexpired and the login is its own. */
    public Optional<Identity> authenticate(String login, String token) {
        Optional<ApiToken> parsed = ApiToken.parse(token);
        if (parsed.isEmpty() || login.isEmpty()) {
            return Optional.empty();
        }
        ApiToken given = parsed.get();
        List<Entry> entries;
        try {
            entries = read(login);
        } catch (UncheckedIOException e) {
            LOG.warning("cannot read the tokens of " + login + ": " + e.getCause());
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Entry> found = entries.stream()
                .filter(e -> e.id.equals(given.id()) && e.login.equals(login) && given.matches(e.sha256))
                .findFirst();
        if (found.isEmpty() || found.get().expiredAt(now)) {
            return Optional.empty();
        }
        Entry entry = found.get();
        if (entry.mode.equals("basic") && authFile.groupsOf(entry.login).isEmpty()) {
            // the login left the auth file: its tokens die for good, not only until a namesake
            // is added again (who would then inherit them)
            revokeWhere(login, e -> e.mode.equals("basic"), "is no longer in the auth file");
            return Optional.empty();
        }
        if (!madeByTheAccountOf(login, entry)) {
            return Optional.empty();
        }
        Set<String> groups = groupsNow(entry);
        if (groups.isEmpty()) {
            return Optional.empty(); // like a user in no group: refused
        }
        if (entry.lastUsed.isEmpty() || entry.lastUsed.get().plus(LAST_USED_STEP).isBefore(now)) {
            recordUse(login, entry.id, now.truncatedTo(ChronoUnit.SECONDS));
        }
        return Optional.of(new Identity(login, groups, AuthMode.TOKEN));
    }

    /** The creator's groups, narrowed to what the auth file still grants for auth-file users. */
    private Set<String> groupsNow(Entry entry) {
        if (!entry.mode.equals("basic")) {
            return entry.groups;
        }
        Optional<Set<String>> current = authFile.groupsOf(entry.login);
        if (current.isEmpty()) {
            return Set.of();
        }
        Set<String> both = new HashSet<>(entry.groups);
        both.retainAll(current.get());
        return both;
    }

    /**
     * Whether the login's account now is the one that made the token. A record older than bindings
     * is bound at its first use to the account the login has then, unless that account cannot
     * have made it (an LDAP entry created after the token).
     */
    private boolean madeByTheAccountOf(String login, Entry entry) {
        if (!Accounts.binds(entry.mode)) {
            return true; // header and container users: the login is all the server knows
        }
        if (entry.account.isEmpty()) {
            Optional<String> adopted = accounts.adopt(entry.mode, login, entry.created);
            if (adopted.isEmpty()) {
                LOG.info("token " + entry.id + " of " + login + " refused: its login has no account that can have made it");
                return false;
            }
            try {
                update(login, entry.id, e -> e.boundTo(adopted.get()));
            } catch (UncheckedIOException e) {
                // unbound it would be left for whoever holds the login next time: refuse until it can be bound
                LOG.warning("cannot bind token " + entry.id + " of " + login + " to its account: " + e.getCause());
                return false;
            }
            return true;
        }
        return switch (accounts.verify(entry.mode, login, entry.account.get())) {
            case SAME -> true;
            case GONE -> false;
            case OTHER -> {
                if (entry.mode.equals("basic")) {
                    // the auth file's answer is final (another password): this token is dead for good
                    revokeWhere(login, e -> e.id.equals(entry.id), "has another password than when token " + entry.id
                            + " was made");
                } else {
                    // a directory's answer can change back (access rights to entryUUID): refused, kept
                    LOG.info("token " + entry.id + " of " + login + " refused: the LDAP entry is not the one that made it");
                }
                yield false;
            }
        };
    }

    /** Removes the login's own tokens that {@code which} selects. */
    private void revokeWhere(String login, Predicate<Entry> which, String why) {
        try (Held held = files.lock()) {
            List<Entry> entries = read(login);
            List<Entry> next = entries.stream().filter(e -> !(e.login.equals(login) && which.test(e))).toList();
            if (next.size() != entries.size()) {
                write(login, next);
                LOG.info("login " + login + " " + why + ": " + (entries.size() - next.size()) + " token(s) revoked");
            }
        }
    }

    private void recordUse(String login, String id, Instant now) {
        try {
            update(login, id, e -> e.usedAt(now));
        } catch (UncheckedIOException e) {
            // the request goes on: last_used is a convenience, not a control
            LOG.warning("cannot record the use of token " + id + ": " + e.getCause());
        }
    }

    private void update(String login, String id, UnaryOperator<Entry> change) {
        try (Held held = files.lock()) {
            List<Entry> entries = read(login);
            write(login, entries.stream().map(e -> e.id.equals(id) && e.login.equals(login) ? change.apply(e) : e).toList());
        }
    }

    private static String loginOf(Identity who) {
        if (who.anonymous()) {
            throw new BadRequest("tokens belong to a login: this request has none (is authentication disabled?)");
        }
        return who.login();
    }

    private List<Entry> read(String login) {
        Optional<byte[]> content = files.read(login);
        if (content.isEmpty()) {
            return List.of();
        }
        try {
            return TokenFile.parse(content.get()).entries();
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("unreadable token file " + files.file(login) + ": " + e.getMessage()));
        }
    }

    private void write(String login, List<Entry> entries) {
        try {
            files.write(login, TokenFile.of(entries).bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
