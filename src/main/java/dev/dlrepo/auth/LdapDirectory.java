package dev.dlrepo.auth;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.DlrepoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;

/**
 * Upstream's LDAP check, with the JDK's own LDAP client: connect anonymously or as the service
 * account of {@code DLREPO_LDAP_BIND_DN} (StartTLS first on
 * ldap:// unless turned off), find the one entry the user filter names, bind as it with the
 * password on a connection of its own, then the groups filter gives the groups (first {@code cn}
 * of each entry). A server that cannot be reached or trusted is a 503, never a wrong password:
 * refusals are cached, failures are not. {@link #account} finds the same entry, without a
 * password, to name the account a personal token is bound to.
 */
@ApplicationScoped
public class LdapDirectory implements Directory {
    private static final Logger LOG = Logger.getLogger(LdapDirectory.class.getName());
    static final String UNAVAILABLE = "Authentication service unavailable";
    private static final String ENTRY_UUID = "entryUUID";
    private static final String OBJECT_GUID = "objectGUID";
    private static final String CREATE_TIMESTAMP = "createTimestamp";
    private String url;
    private boolean ldaps;
    private boolean startTls;
    private LdapName base;
    private LdapFilter userFilter;
    private LdapFilter groupsFilter;
    private int timeoutMillis;
    private Semaphore checks;
    private boolean ignorePasswords;
    private LdapSocketFactory sockets;
    private Optional<String> bindDn;
    private String bindPassword;

    protected LdapDirectory() {
    }

    @Inject
    public LdapDirectory(Settings settings) {
        this.url = settings.get(Settings.LDAP_URL)
                .orElseThrow(() -> new IllegalStateException(Settings.LDAP_URL + " is not set")).trim();
        String scheme = url.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("ldap://") && !scheme.startsWith("ldaps://")) {
            throw new IllegalStateException(Settings.LDAP_URL + " must start with ldap:// or ldaps://: " + url);
        }
        this.ldaps = scheme.startsWith("ldaps://");
        this.startTls = !ldaps && settings.ldapStartTls();
        try {
            this.base = new LdapName(settings.ldapBaseDn());
        } catch (NamingException | IllegalArgumentException e) {
            throw new IllegalStateException(Settings.LDAP_BASE_DN + " is not a DN: " + settings.ldapBaseDn(), e);
        }
        this.userFilter = LdapFilter.parse(Settings.LDAP_USER_FILTER,
                settings.get(Settings.LDAP_USER_FILTER).orElse(""), Set.of("login"));
        this.groupsFilter = LdapFilter.parse(Settings.LDAP_GROUPS_FILTER,
                settings.get(Settings.LDAP_GROUPS_FILTER).orElse(""), Set.of("login", "dn"));
        this.timeoutMillis = settings.ldapTimeout() * 1000;
        this.checks = new Semaphore(settings.ldapMaxConnections(), true);
        this.ignorePasswords = settings.ignorePasswords();
        this.sockets = LdapSocketFactory.trusting(settings.ldapCaFile(), timeoutMillis);
        this.bindDn = settings.get(Settings.LDAP_BIND_DN);
        this.bindPassword = bindDn.map(dn -> bindPassword(settings)).orElse("");
        if (!ldaps && !startTls) {
            LOG.warning("LDAP without TLS (" + Settings.LDAP_START_TLS + "=0): passwords cross the network in clear text");
        }
    }

    /** The service account's password, from a file only: a setting would show it to every reader of the context. */
    private static String bindPassword(Settings settings) {
        Path file = settings.get(Settings.LDAP_BIND_PASSWORD_FILE).map(Path::of).orElseThrow(() -> new IllegalStateException(
                Settings.LDAP_BIND_DN + " needs " + Settings.LDAP_BIND_PASSWORD_FILE));
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + Settings.LDAP_BIND_PASSWORD_FILE + " " + file + ": " + e, e);
        }
    }

    @Override
    public Set<String> groups(String login, String password) {
        if (login.isEmpty() || password.isEmpty() && !ignorePasswords) {
            return Set.of(); // an empty password would be an anonymous bind, which succeeds
        }
        acquire();
        try {
            LdapContext anonymous = searcher();
            try {
                Optional<String> dn = findUser(anonymous, login, "1.1").map(SearchResult::getNameInNamespace);
                if (dn.isEmpty()) {
                    LOG.fine(() -> "LDAP: no entry for login " + login);
                    return Set.of();
                }
                if (!ignorePasswords && !bind(dn.get(), password)) {
                    LOG.fine(() -> "LDAP: wrong password for " + dn.get());
                    return Set.of();
                }
                return groupsOf(anonymous, login, dn.get());
            } finally {
                close(anonymous);
            }
        } catch (NamingException | IOException e) {
            throw unavailable(e);
        } finally {
            checks.release();
        }
    }

    private void acquire() {
        try {
            if (!checks.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw unavailable(new IOException("all " + Settings.LDAP_MAX_CONNECTIONS + " busy for "
                        + timeoutMillis / 1000 + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    /**
     * The connection that searches: anonymous as upstream's, or bound as the service account of
     * {@code DLREPO_LDAP_BIND_DN} (directories such as Active Directory refuse anonymous searches).
     */
    private LdapContext searcher() throws NamingException, IOException {
        LdapContext context = open();
        if (bindDn.isPresent()) {
            try {
                context.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
                context.addToEnvironment(Context.SECURITY_PRINCIPAL, bindDn.get());
                context.addToEnvironment(Context.SECURITY_CREDENTIALS, bindPassword);
                context.reconnect(null);
            } catch (AuthenticationException e) {
                close(context);
                LOG.severe("LDAP: the service account " + bindDn.get() + " (" + Settings.LDAP_BIND_DN
                        + ") cannot bind: " + e.getMessage());
                throw new DlrepoException(500, "Authentication service misconfigured");
            } catch (NamingException | RuntimeException e) {
                close(context);
                throw e;
            }
        }
        return context;
    }

    /** An anonymous connection, already under TLS when TLS is asked for. */
    private LdapContext open() throws NamingException, IOException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, "none");
        env.put(Context.REFERRAL, "ignore");
        env.put("java.naming.ldap.version", "3");
        env.put("java.naming.ldap.attributes.binary", OBJECT_GUID); // 16 bytes, not text
        env.put("com.sun.jndi.ldap.connect.pool", "false"); // each bind must be on a connection of its own
        env.put("com.sun.jndi.ldap.connect.timeout", Integer.toString(timeoutMillis));
        env.put("com.sun.jndi.ldap.read.timeout", Integer.toString(timeoutMillis));
        if (ldaps) {
            env.put("java.naming.ldap.factory.socket", LdapSocketFactory.class.getName());
        }
        LdapContext context = sockets.using(() -> new InitialLdapContext(env, null));
        if (startTls) {
            try {
                StartTlsResponse tls = (StartTlsResponse) context.extendedOperation(new StartTlsRequest());
                tls.negotiate(sockets); // closing the context closes the TLS layer with the connection
            } catch (NamingException | IOException | RuntimeException e) {
                close(context);
                throw e;
            }
        }
        return context;
    }

    /**
     * The entry of the login, as a token was bound to it (a token made by a person whose entry was
     * deleted must not work for a namesake created later): found with the same connection, filter
     * and rules as a login, and named by what does not change with its DN. Empty: no such entry.
     */
    @Override
    public Optional<DirectoryAccount> account(String login) {
        if (login.isEmpty()) {
            return Optional.empty();
        }
        acquire();
        try {
            LdapContext searcher = searcher();
            try {
                Optional<SearchResult> entry = findUser(searcher, login, ENTRY_UUID, OBJECT_GUID, CREATE_TIMESTAMP);
                return entry.isEmpty() ? Optional.empty() : Optional.of(account(entry.get()));
            } finally {
                close(searcher);
            }
        } catch (NamingException | IOException e) {
            throw unavailable(e);
        } finally {
            checks.release();
        }
    }

    /** entryUUID (RFC 4530), objectGUID (Active Directory), else the DN and when it was created. */
    private static DirectoryAccount account(SearchResult entry) throws NamingException {
        Attributes a = entry.getAttributes();
        Optional<Instant> created = first(a, CREATE_TIMESTAMP).flatMap(t -> GeneralizedTime.parse(t.toString()));
        Optional<Object> uuid = first(a, ENTRY_UUID);
        if (uuid.isPresent()) {
            return new DirectoryAccount(ENTRY_UUID + ":" + uuid.get().toString().toLowerCase(Locale.ROOT), created);
        }
        Optional<Object> guid = first(a, OBJECT_GUID);
        if (guid.isPresent() && guid.get() instanceof byte[] bytes) {
            return new DirectoryAccount(OBJECT_GUID + ":" + HexFormat.of().formatHex(bytes), created);
        }
        return new DirectoryAccount("dn:" + created.map(Instant::toString).orElse("") + ":" + entry.getNameInNamespace(),
                created);
    }

    private static Optional<Object> first(Attributes attributes, String name) throws NamingException {
        Attribute a = attributes.get(name);
        return a == null || a.size() == 0 ? Optional.empty() : Optional.ofNullable(a.get(0));
    }

    private Optional<SearchResult> findUser(LdapContext context, String login, String... attributes)
            throws NamingException {
        // two are enough to tell "one" from "more than one"
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 2, timeoutMillis,
                attributes, false, false);
        Object[] arguments = userFilter.arguments(Map.of("login", login));
        List<SearchResult> found = new ArrayList<>();
        boolean more = false;
        NamingEnumeration<SearchResult> results = context.search(base, userFilter.expression(), arguments, controls);
        try {
            while (hasMore(results)) {
                found.add(results.next());
            }
        } catch (SizeLimitExceededException e) {
            more = true;
        } finally {
            results.close();
        }
        if (found.size() > 1 || more) {
            LOG.severe("LDAP: " + Settings.LDAP_USER_FILTER + " " + userFilter.expression() + " with {0}=" + login
                    + " matches more than one entry ("
                    + found.stream().map(SearchResult::getNameInNamespace).toList() + "): it must name one user");
            throw new DlrepoException(500, "Authentication service misconfigured");
        }
        return found.stream().findFirst();
    }

    /** Simple bind as the user, after StartTLS, on a connection used for nothing else. */
    private boolean bind(String dn, String password) throws NamingException, IOException {
        LdapContext user = open();
        try {
            user.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
            user.addToEnvironment(Context.SECURITY_PRINCIPAL, dn);
            user.addToEnvironment(Context.SECURITY_CREDENTIALS, password);
            user.reconnect(null); // binds again on the same (TLS) connection
            return true;
        } catch (AuthenticationException e) {
            return false;
        } finally {
            close(user);
        }
    }

    private Set<String> groupsOf(LdapContext context, String login, String dn) throws NamingException {
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 0, timeoutMillis,
                new String[] {"cn"}, false, false);
        Set<String> groups = new LinkedHashSet<>();
        NamingEnumeration<SearchResult> results = context.search(base, groupsFilter.expression(),
                groupsFilter.arguments(Map.of("login", login, "dn", dn)), controls);
        try {
            while (hasMore(results)) {
                Attribute cn = results.next().getAttributes().get("cn");
                if (cn != null && cn.size() > 0 && cn.get(0) != null) {
                    groups.add(cn.get(0).toString());
                }
            }
        } finally {
            results.close();
        }
        return Set.copyOf(groups);
    }

    // Active Directory answers a search at the domain's root with referrals to other partitions;
    // with referrals ignored JNDI reports them as a PartialResultException after the entries
    private static boolean hasMore(NamingEnumeration<SearchResult> results) throws NamingException {
        try {
            return results.hasMore();
        } catch (PartialResultException e) {
            return false;
        }
    }

    private DlrepoException unavailable(Exception cause) {
        LOG.log(Level.WARNING, "LDAP server " + url + " unavailable: " + cause, cause);
        return new DlrepoException(503, UNAVAILABLE, cause);
    }

    private static void close(LdapContext context) {
        try {
            context.close();
        } catch (NamingException e) {
            LOG.log(Level.FINE, "closing an LDAP connection", e);
        }
    }
}
