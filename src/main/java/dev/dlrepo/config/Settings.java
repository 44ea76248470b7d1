package dev.dlrepo.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every setting by its upstream {@code DLREPO_*} name, as an immutable snapshot: each name is
 * read once (where a value comes from is the producer's business), and every value is parsed
 * when the snapshot is made, so a bad one fails the deployment with a message naming the
 * setting instead of a request later. Unit tests build it from a plain map.
 */
public final class Settings {
    public static final String ROOT_DIR = "DLREPO_ROOT_DIR";
    public static final String CHUNK_SIZE = "DLREPO_CHUNK_SIZE";
    public static final String AUTH_DISABLED = "DLREPO_AUTH_DISABLED";
    public static final String INTERNAL_FORMAT_FILTER = "DLREPO_INTERNAL_FORMAT_FILTER";
    public static final String X_SENDFILE_HEADER = "DLREPO_X_SENDFILE_HEADER";
    public static final String MAX_LINKS = "DLREPO_MAX_LINKS";
    public static final String POST_PROCESS_CMD = "DLREPO_POST_PROCESS_CMD";
    public static final String POST_PROCESS_FILTER = "DLREPO_POST_PROCESS_FILTER";
    public static final String POST_PROCESS_TIMEOUT = "DLREPO_POST_PROCESS_TIMEOUT";
    public static final String AUTH_REALM = "DLREPO_AUTH_REALM";
    public static final String AUTH_CONTAINER = "DLREPO_AUTH_CONTAINER";
    public static final String AUTH_FILE = "DLREPO_AUTH_FILE";
    public static final String ACLS_DIR = "DLREPO_ACLS_DIR";
    public static final String IGNORE_PASSWORDS = "DLREPO_IGNORE_PASSWORDS";
    public static final String AUTH_HTTP_LOGIN_HEADER = "DLREPO_AUTH_HTTP_LOGIN_HEADER";
    public static final String AUTH_HTTP_GROUPS_HEADER = "DLREPO_AUTH_HTTP_GROUPS_HEADER";
    public static final String AUTH_CACHE_TTL = "DLREPO_AUTH_CACHE_TTL";
    public static final String AUTH_CACHE_SIZE = "DLREPO_AUTH_CACHE_SIZE";
    // throttling of failed logins (security.md)
    public static final String LOGIN_THROTTLE_FREE = "DLREPO_LOGIN_THROTTLE_FREE";
    public static final String LOGIN_THROTTLE_DELAY = "DLREPO_LOGIN_THROTTLE_DELAY";
    public static final String LOGIN_THROTTLE_MAX = "DLREPO_LOGIN_THROTTLE_MAX";
    public static final String LOGIN_THROTTLE_LOGIN_MAX = "DLREPO_LOGIN_THROTTLE_LOGIN_MAX";
    public static final String LOGIN_THROTTLE_RESET = "DLREPO_LOGIN_THROTTLE_RESET";
    public static final String LOGIN_THROTTLE_SIZE = "DLREPO_LOGIN_THROTTLE_SIZE";
    public static final String LDAP_URL = "DLREPO_LDAP_URL";
    public static final String LDAP_START_TLS = "DLREPO_LDAP_START_TLS";
    public static final String LDAP_BASE_DN = "DLREPO_LDAP_BASE_DN";
    public static final String LDAP_USER_FILTER = "DLREPO_LDAP_USER_FILTER";
    public static final String LDAP_GROUPS_FILTER = "DLREPO_LDAP_GROUPS_FILTER";
    public static final String LDAP_TIMEOUT = "DLREPO_LDAP_TIMEOUT";
    public static final String LDAP_MAX_CONNECTIONS = "DLREPO_LDAP_MAX_CONNECTIONS";
    public static final String LDAP_CA_FILE = "DLREPO_LDAP_CA_FILE";
    public static final String LDAP_BIND_DN = "DLREPO_LDAP_BIND_DN";
    public static final String LDAP_BIND_PASSWORD_FILE = "DLREPO_LDAP_BIND_PASSWORD_FILE";
    public static final String LDAP_ACCOUNT_CHECK_TTL = "DLREPO_LDAP_ACCOUNT_CHECK_TTL";
    public static final String AUDIT_LOG = "DLREPO_AUDIT_LOG";
    public static final String AUDIT_LOG_MAX_SIZE = "DLREPO_AUDIT_LOG_MAX_SIZE";
    public static final String AUDIT_LOG_FILES = "DLREPO_AUDIT_LOG_FILES";
    public static final String USER_QUOTA = "DLREPO_USER_QUOTA";
    public static final String MIN_FREE_SPACE = "DLREPO_MIN_FREE_SPACE";
    // cleanup (cleanup.md)
    public static final String TAG_CLEANUP_PERIOD = "DLREPO_TAG_CLEANUP_PERIOD";
    public static final String ORPHAN_BLOB_LIFETIME = "DLREPO_ORPHAN_BLOB_LIFETIME";

    // set values only: an empty value means unset, as upstream reads it
    private final Map<String, String> values;
    // compiled once: asked for every format listed and every finalize
    private final Optional<Pattern> internalFormatFilter;
    private final Optional<Pattern> postProcessFilter;

    Settings(Map<String, String> given) {
        Map<String, String> set = new HashMap<>();
        given.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                set.put(name, value);
            }
        });
        this.values = Map.copyOf(set);
        this.internalFormatFilter = pattern(INTERNAL_FORMAT_FILTER);
        this.postProcessFilter = pattern(POST_PROCESS_FILTER);
        checkNumbers();
    }

    /** Values as given (tests, command-line tools); each parsed now. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public Path rootDir() {
        Path root = Path.of(get(ROOT_DIR).orElse("/var/lib/dlrepo"));
        // a relative path would depend on the container's working directory
        return root.toAbsolutePath().normalize();
    }

    public Path authFile() {
        return Path.of(get(AUTH_FILE).orElse("/etc/dlrepo/auth"));
    }

    public Path aclsDir() {
        return Path.of(get(ACLS_DIR).orElse("/etc/dlrepo/acls"));
    }

    /** Read size for request bodies and hashing. */
    public int chunkSize() {
        return intSetting(CHUNK_SIZE, 262_144, 4096, 64 << 20);
    }

    public boolean authDisabled() {
        return get(AUTH_DISABLED).map("1"::equals).orElse(false);
    }

    /** New: trust the container's principal and roles (any Tomcat realm, Payara realm, SSO valve). */
    public boolean authContainer() {
        return get(AUTH_CONTAINER).map("1"::equals).orElse(false);
    }

    public String authRealm() {
        return get(AUTH_REALM).orElse("dlrepo");
    }

    public boolean ignorePasswords() {
        return get(IGNORE_PASSWORDS).map("1"::equals).orElse(false);
    }

    /** Seconds an authentication result is reused for the same {@code Authorization} header. */
    public int authCacheTtl() {
        return intSetting(AUTH_CACHE_TTL, 600, 0, 86_400);
    }

    public int authCacheSize() {
        return intSetting(AUTH_CACHE_SIZE, 4096, 0, 1_000_000);
    }

    /** Failed logins per login and per client address before refusals begin. */
    public int loginThrottleFree() {
        return intSetting(LOGIN_THROTTLE_FREE, 5, 0, 1000);
    }

    /** Seconds of the first refusal window, doubled with each further failure; 0 = no throttling. */
    public int loginThrottleDelay() {
        return intSetting(LOGIN_THROTTLE_DELAY, 1, 0, 86_400);
    }

    /** Longest refusal window of a client address, in seconds. */
    public int loginThrottleMax() {
        return intSetting(LOGIN_THROTTLE_MAX, 900, 1, 86_400);
    }

    /** Longest refusal window of a login at an address it has not logged in from, in seconds. */
    public int loginThrottleLoginMax() {
        return intSetting(LOGIN_THROTTLE_LOGIN_MAX, 60, 1, 86_400);
    }

    /** Seconds without a failure after which a count starts again from zero. */
    public int loginThrottleReset() {
        return intSetting(LOGIN_THROTTLE_RESET, 3600, 1, 30 * 86_400);
    }

    /** Logins, and client addresses, the throttle remembers (each; the least recently seen go first). */
    public int loginThrottleSize() {
        return intSetting(LOGIN_THROTTLE_SIZE, 10_000, 16, 1_000_000);
    }

    /** Upstream: anything but {@code 0} asks for StartTLS on an {@code ldap://} URL. */
    public boolean ldapStartTls() {
        return !get(LDAP_START_TLS).map(v -> v.trim().equals("0")).orElse(false);
    }

    public String ldapBaseDn() {
        return get(LDAP_BASE_DN).orElse("");
    }

    /** Seconds the LDAP entry a token is bound to is trusted to be the same before it is looked up again. */
    public int ldapAccountCheckTtl() {
        return intSetting(LDAP_ACCOUNT_CHECK_TTL, 60, 0, 3600);
    }

    /** Seconds for an LDAP connect, and for each answer the server owes. */
    public int ldapTimeout() {
        return intSetting(LDAP_TIMEOUT, 10, 1, 3600);
    }

    /** LDAP checks at a time; more requests wait (at most the timeout) for one to end. */
    public int ldapMaxConnections() {
        return intSetting(LDAP_MAX_CONNECTIONS, 4, 1, 1024);
    }

    /** New: PEM certificates trusted for ldaps:// and StartTLS; absent: the JVM's trust store. */
    public Optional<Path> ldapCaFile() {
        return get(LDAP_CA_FILE).map(Path::of);
    }

    /** Prefix-anchored like Python's {@code re.match}; absent when unset. */
    public Optional<Pattern> internalFormatFilter() {
        return internalFormatFilter;
    }

    public Optional<String> xSendfileHeader() {
        return get(X_SENDFILE_HEADER);
    }

    /**
     * Names per blob inode before the store starts another copy. 0 = only when the file system
     * refuses another link (ext4: 65,000). A lower value keeps inodes away from that limit.
     */
    public long maxLinks() {
        return intSetting(MAX_LINKS, 0, 0, Integer.MAX_VALUE);
    }

    public Optional<String> postProcessCommand() {
        return get(POST_PROCESS_CMD);
    }

    /** Prefix-anchored like Python's {@code re.match}; absent: every format qualifies. */
    public Optional<Pattern> postProcessFilter() {
        return postProcessFilter;
    }

    /** Seconds a post-process command may run before it is killed (new: upstream waits forever). */
    public int postProcessTimeout() {
        return intSetting(POST_PROCESS_TIMEOUT, 600, 1, 86_400);
    }

    /** New: the audit log's file, {@code <root>/.audit/audit.log} by default; empty when "off". */
    public Optional<Path> auditLog() {
        String value = get(AUDIT_LOG).orElse(rootDir().resolve(".audit").resolve("audit.log").toString());
        return value.equals("off") ? Optional.empty() : Optional.of(Path.of(value).toAbsolutePath().normalize());
    }

    /** Bytes past which the audit log is rotated. */
    public long auditLogMaxSize() {
        return longSetting(AUDIT_LOG_MAX_SIZE, 100L << 20, 4096, Long.MAX_VALUE);
    }

    /** Rotated audit logs kept ({@code audit.log.1} newest); 0 = the full log is simply removed. */
    public int auditLogFiles() {
        return intSetting(AUDIT_LOG_FILES, 10, 0, 1000);
    }

    /** Seconds between automatic full cleanups; 0 = never. */
    public int tagCleanupPeriod() {
        return intSetting(TAG_CLEANUP_PERIOD, 86_400, 0, Integer.MAX_VALUE);
    }

    /** Seconds an unreferenced blob or a stale upload stays untouched before the sweep removes it. */
    public int orphanBlobLifetime() {
        return intSetting(ORPHAN_BLOB_LIFETIME, 600, 0, Integer.MAX_VALUE);
    }


    private long longSetting(String name, long fallback, long min, long max) {
        return get(name).map(v -> {
            try {
                long n = Long.parseLong(v.trim());
                if (n < min || n > max) {
                    throw new IllegalStateException(name + " must be between " + min + " and " + max + ": " + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " is not an integer: " + v, e);
            }
        }).orElse(fallback);
    }

    /** Bytes a user repository may hold (upstream's 10 GiB by default); never applies to the main tree. */
    public long userQuota() {
        return longSetting(USER_QUOTA, 10_737_418_240L, 0, Long.MAX_VALUE);
    }

    /**
     * New: bytes an upload must leave free on the data directory's file system, else it is
     * refused (507) before its body is read; 0 (the default) = no floor. {@code 1G} = 1 GiB.
     */
    public long minFreeSpace() {
        return get(MIN_FREE_SPACE).map(v -> ByteSize.parse(MIN_FREE_SPACE, v)).orElse(0L);
    }

    private int intSetting(String name, int fallback, int min, int max) {
        return (int) longSetting(name, fallback, min, max);
    }

    private Optional<Pattern> pattern(String name) {
        try {
            return get(name).map(Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException(name + " is not a regular expression: " + e.getMessage(), e);
        }
    }

    /** Each number parsed once here, so that none can fail later, in a request. */
    private void checkNumbers() {
        chunkSize();
        authCacheTtl();
        authCacheSize();
        loginThrottleFree();
        loginThrottleDelay();
        loginThrottleMax();
        loginThrottleLoginMax();
        loginThrottleReset();
        loginThrottleSize();
        ldapAccountCheckTtl();
        ldapTimeout();
        ldapMaxConnections();
        maxLinks();
        postProcessTimeout();
        auditLogMaxSize();
        auditLogFiles();
        tagCleanupPeriod();
        orphanBlobLifetime();
        userQuota();
        minFreeSpace();
    }
}
