package dev.dlrepo.auth;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.TooManyRequests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Failed password checks, counted per login and per client address. Past {@code free} failures,
 * each further failure opens a refusal window ({@code delay}, doubled with every failure, capped)
 * in which credentials from that address, or for that login, are refused before anything is
 * checked: the right password too, or the window would not slow guessing. Nothing sleeps: a
 * refusal is an early answer, so a guesser holds no servlet thread.
 *
 * <p>A login's window does not apply at the addresses that login last logged in from, and is
 * capped short ({@code loginMax}) elsewhere: an attacker on one address cannot lock the real user
 * out of theirs, while guesses spread over many addresses still meet the login's window.
 *
 * <p>Memory is bounded whatever is sent: two tables of at most {@code size} entries (the least
 * recently seen go first), keys of bounded length, a few remembered addresses per login. The
 * counts live in this server's memory: each node of a cluster counts for itself.
 */
final class LoginThrottle {
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());
    /** Addresses remembered per login as its own (the most recent successful logins). */
    static final int KNOWN_ADDRESSES = 4;
    private static final int MAX_KEY = 64;
    private final Policy policy;
    private final Clock clock;
    private final Map<String, Count> addresses;
    private final Map<String, Count> logins;

    /** The settings, read once. {@code delay} zero: no throttling at all. */
    record Policy(int free, Duration delay, Duration addressMax, Duration loginMax, Duration reset, int size) {
        static Policy of(Settings s) {
            Duration max = Duration.ofSeconds(s.loginThrottleMax());
            // a count forgotten before its window ended would hand out free failures again
            Duration reset = Duration.ofSeconds(Math.max(s.loginThrottleReset(), s.loginThrottleMax()));
            return new Policy(s.loginThrottleFree(), Duration.ofSeconds(s.loginThrottleDelay()), max,
                    Duration.ofSeconds(s.loginThrottleLoginMax()), reset, s.loginThrottleSize());
        }

        boolean off() {
            return delay.isZero();
        }
    }

    /** One key's failures; guarded by the throttle. */
    private static final class Count {
        int failures;
        int pending; // checks admitted and not yet ended
        long last; // millis of the last failure
        long until; // millis the refusal window ends
        Set<String> known; // a login's own addresses, the most recent last; null for addresses

        boolean knows(String address) {
            return known != null && known.contains(address);
        }
    }

    LoginThrottle(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        this.addresses = lru(policy.size());
        this.logins = lru(policy.size());
    }

    /**
     * Lets one password check of {@code login} from {@code client} go ahead, or refuses it with
     * 429. The check's outcome goes to the returned attempt; closing it without one (the directory
     * could not answer) counts nothing.
     */
    Attempt admit(String login, String client) {
        if (policy.off()) {
            return new Attempt(null, null, null, null);
        }
        String address = ClientAddress.key(client); // parsed and hashed outside the lock
        String user = loginKey(login);
        synchronized (this) {
            return admit(user, address, clock.millis());
        }
    }

    private Attempt admit(String user, String address, long now) {
        Count a = addresses.get(address);
        Count l = logins.get(user);
        boolean own = l != null && l.knows(address);
        long until = Math.max(a == null ? 0 : a.until, l == null || own ? 0 : l.until);
        if (until > now) {
            throw new TooManyRequests((until - now + 999) / 1000);
        }
        // after failures, checks in flight count as failures to come, and once refusals have begun
        // it is one check at a time: else a burst of parallel guesses sent as a window ends would
        // all be checked before the first of them counts. Without failures, parallel logins are
        // free (a CI robot's jobs); a first burst of guesses is bounded by the servlet threads and
        // all of it counts when it ends.
        if (busy(a, now) || (!own && busy(l, now))) {
            throw new TooManyRequests(1);
        }
        a = a != null ? a : put(addresses, address);
        l = l != null ? l : put(logins, user);
        a.pending++;
        l.pending++;
        return new Attempt(user, address, a, l);
    }

    /** Forgets every count (an administrator's reload). */
    synchronized void clear() {
        addresses.clear();
        logins.clear();
    }

    /** Entries held, for tests of the bound. */
    synchronized int size() {
        return addresses.size() + logins.size();
    }

    private boolean busy(Count c, long now) {
        return c != null && c.pending > 0 && c.failures > 0 && fresh(c, now) && c.failures + c.pending >= policy.free();
    }

    private boolean fresh(Count c, long now) {
        return now - c.last <= policy.reset().toMillis();
    }

    /** One admitted check; its outcome is told once, then it is closed. */
    final class Attempt implements AutoCloseable {
        private final String user;
        private final String address;
        private final Count a;
        private final Count l;
        private boolean done;

        private Attempt(String user, String address, Count a, Count l) {
            this.user = user;
            this.address = address;
            this.a = a;
            this.l = l;
            this.done = a == null;
        }

        /** Right credentials: the address's count is cleared, the address becomes the login's own. */
        void succeeded() {
            synchronized (LoginThrottle.this) {
                if (end()) {
                    a.failures = 0;
                    a.until = 0;
                    if (l.known == null) {
                        l.known = new LinkedHashSet<>();
                    }
                    l.known.remove(address); // re-added last: the most recent
                    l.known.add(address);
                    Iterator<String> oldest = l.known.iterator();
                    while (l.known.size() > KNOWN_ADDRESSES) {
                        oldest.next();
                        oldest.remove();
                    }
                    // the login's count stays: the real user logging in must not reset an attack elsewhere
                }
            }
        }

        /** Wrong credentials: one more failure of the address and of the login. */
        void failed() {
            synchronized (LoginThrottle.this) {
                if (end()) {
                    long now = clock.millis();
                    fail(a, now, policy.addressMax(), "from " + address);
                    fail(l, now, policy.loginMax(), "for " + printable(user) + " (the last from " + address
                            + "; its own addresses are not refused)");
                }
            }
        }

        @Override
        public void close() {
            synchronized (LoginThrottle.this) {
                end();
            }
        }

        private boolean end() {
            if (done) {
                return false;
            }
            done = true;
            a.pending--;
            l.pending--;
            return true;
        }
    }

    private void fail(Count c, long now, Duration max, String what) {
        if (!fresh(c, now)) {
            c.failures = 0;
        }
        c.failures++;
        c.last = now;
        int over = c.failures - policy.free();
        if (over > 0) {
            long window = Math.min(max.toMillis(), policy.delay().toMillis() << Math.min(over - 1, 30));
            c.until = Math.max(c.until, now + window);
            if (Integer.bitCount(over) == 1) {
                // the first window and then as failures double: an alarm, not a flood
                LOG.warning("login throttle: " + c.failures + " failed logins " + what + "; refused for "
                        + (window + 999) / 1000 + " s");
            }
        }
    }

    private static Count put(Map<String, Count> table, String key) {
        Count c = new Count();
        table.put(key, c);
        return c;
    }

    /** Logins compare as a directory would (case and surrounding blanks ignored), bounded in length. */
    static String loginKey(String login) {
        String key = login.strip().toLowerCase(Locale.ROOT);
        if (key.length() <= MAX_KEY) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A login as a log line may show it: no line breaks or control characters from a client. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c > 0x7e) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    private static Map<String, Count> lru(int size) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > size;
            }
        };
    }
}
