package dev.dlrepo.auth;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * A real LDAP server for the tests (UnboundID's in-memory directory), speaking LDAP with StartTLS
 * on one port and LDAPS on another, with a certificate made by the JDK's keytool for "localhost".
 * It records the operations it receives, per connection, in order.
 */
public final class LdapServer implements AutoCloseable {
    public static final String BASE = "dc=example,dc=com";
    public static final String USER_FILTER = "(&(objectClass=inetOrgPerson)(uid={login}))";
    public static final String GROUPS_FILTER = "(&(objectClass=groupOfNames)(member={dn}))";
    private final InMemoryDirectoryServer server;
    private static final Pattern CONNECT = Pattern.compile("CONNECT conn=(\\d+) from=\".*:(\\d+)\" to=");
    private final List<Operation> operations = new ArrayList<>();
    private final Map<Long, Integer> clientPorts = new HashMap<>();

    /**
     * One request as the server saw it: the connection (the client's port), kind (STARTTLS, BIND,
     * SEARCH), detail. StartTLS is seen where the server layers TLS over the connection's socket:
     * the in-memory server answers it before its interceptors.
     */
    public record Operation(int connection, String kind, String detail) {
    }

    private LdapServer(Path keystore) throws LDAPException, LDIFException, GeneralSecurityException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        SSLUtil tls = new SSLUtil(new KeyStoreKeyManager(keystore.toFile(), Certificates.PASSWORD.toCharArray(),
                "PKCS12", "ldap"), new TrustAllTrustManager());
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", null, 0, new Layering(tls.createSSLSocketFactory())),
                InMemoryListenerConfig.createLDAPSConfig("ldaps", null, 0, tls.createSSLServerSocketFactory(), null));
        config.setAccessLogHandler(new Handler() {
            // the access log is where a connection's number meets its client port
            @Override
            public void publish(LogRecord line) {
                Matcher m = CONNECT.matcher(line.getMessage());
                if (m.find()) {
                    synchronized (LdapServer.this) {
                        clientPorts.put(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) {
                record(request.getConnectionID(), "EXTENDED", request.getRequest().getOID());
            }

            @Override
            public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                record(request.getConnectionID(), "BIND", request.getRequest().getBindDN());
            }

            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                record(request.getConnectionID(), "SEARCH", request.getRequest().getFilter().toString());
            }
        });
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        server.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
        server.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
    }

    /** Started, with its own certificate (subject alternative name: localhost) from {@code dir}. */
    public static LdapServer start(Certificates.Pair certificate) {
        try {
            LdapServer s = new LdapServer(certificate.keystore());
            s.server.startListening();
            return s;
        } catch (LDAPException | LDIFException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public LdapServer user(String uid, String password) {
        return entry("dn: uid=" + uid + ",ou=people," + BASE, "objectClass: inetOrgPerson", "uid: " + uid,
                "cn: " + uid, "sn: " + uid, "userPassword: " + password);
    }

    /** A group (groupOfNames) with these member DNs. */
    public LdapServer group(String cn, String... members) {
        List<String> lines = new ArrayList<>(List.of("dn: cn=" + cn + ",ou=groups," + BASE,
                "objectClass: groupOfNames", "cn: " + cn));
        for (String m : members) {
            lines.add("member: " + m);
        }
        return entry(lines.toArray(String[]::new));
    }

    public LdapServer entry(String... ldif) {
        try {
            server.add(ldif);
            return this;
        } catch (LDAPException | LDIFException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes an entry, as when a person leaves. */
    public LdapServer delete(String dn) {
        try {
            server.delete(dn);
            return this;
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String userDn(String uid) {
        return "uid=" + uid + ",ou=people," + BASE;
    }

    public String ldapUrl() {
        return "ldap://localhost:" + server.getListenPort("ldap");
    }

    public String ldapsUrl() {
        return "ldaps://localhost:" + server.getListenPort("ldaps");
    }

    public int ldapPort() {
        return server.getListenPort("ldap");
    }

    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    public synchronized void forget() {
        operations.clear();
    }

    private synchronized void record(long connectionId, String kind, String detail) {
        record(clientPorts.get(connectionId), kind, detail);
    }

    private synchronized void record(int connection, String kind, String detail) {
        operations.add(new Operation(connection, kind, detail));
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    /** The server's TLS for StartTLS, noting on which connection (client port) it was layered. */
    private final class Layering extends SSLSocketFactory {
        private final SSLSocketFactory tls;

        Layering(SSLSocketFactory tls) {
            this.tls = tls;
        }

        @Override
        public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
            record(plain.getPort(), "STARTTLS", "");
            return tls.createSocket(plain, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return tls.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return tls.createSocket(host, port, local, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return tls.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return tls.createSocket(host, port, local, localPort);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }
    }

    /** Self-signed certificates made with the JDK's keytool: a PKCS12 key store and its PEM. */
    public static final class Certificates {
        static final String PASSWORD = "changeit";

        private Certificates() {
        }

        public record Pair(Path keystore, Path pem) {
        }

        /** A key pair for {@code localhost} (DNS name only), in {@code dir}/{@code name}.p12 and .pem. */
        public static Pair make(Path dir, String name) {
            Path keystore = dir.resolve(name + ".p12");
            Path pem = dir.resolve(name + ".pem");
            keytool("-genkeypair", "-alias", "ldap", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "3",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "ldap", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                    "-file", pem.toString());
            return new Pair(keystore, pem);
        }

        private static void keytool(String... args) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(args));
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
