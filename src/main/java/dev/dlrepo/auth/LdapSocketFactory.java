package dev.dlrepo.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS sockets for LDAP (ldaps:// and StartTLS): trusting the CA file if one is given (else the
 * JVM's trust store), always checking the server's name against its certificate, and finishing
 * the handshake within the timeout.
 *
 * <p>JNDI takes an ldaps:// socket factory only as a class name with a static {@link #getDefault()};
 * it calls it in the thread that opens the connection, so the factory of the connection being
 * opened is handed over in a thread-local ({@link #using}).
 */
public final class LdapSocketFactory extends SSLSocketFactory {
    private static final ThreadLocal<LdapSocketFactory> OPENING = new ThreadLocal<>();
    private final SSLSocketFactory tls;
    private final int handshakeMillis;

    LdapSocketFactory(SSLSocketFactory tls, int handshakeMillis) {
        this.tls = tls;
        this.handshakeMillis = handshakeMillis;
    }

    /** Trusting the certificates of a PEM file, or the JVM's trust store when there is none. */
    static LdapSocketFactory trusting(Optional<Path> caFile, int handshakeMillis) {
        try {
            if (caFile.isEmpty()) {
                return new LdapSocketFactory(SSLContext.getDefault().getSocketFactory(), handshakeMillis);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(caFile.get())) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new IllegalStateException("DLREPO_LDAP_CA_FILE " + caFile.get() + " holds no certificate");
            }
            int n = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("ca" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return new LdapSocketFactory(context.getSocketFactory(), handshakeMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DLREPO_LDAP_CA_FILE " + caFile.orElseThrow(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unusable DLREPO_LDAP_CA_FILE " + caFile.orElse(null) + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code open} with this factory as the one JNDI finds for ldaps://. */
    <T, E extends Exception> T using(Opening<T, E> open) throws E {
        OPENING.set(this);
        try {
            return open.open();
        } finally {
            OPENING.remove();
        }
    }

    @FunctionalInterface
    interface Opening<T, E extends Exception> {
        T open() throws E;
    }

    /** What JNDI calls for ldaps:// (the class is named in {@code java.naming.ldap.factory.socket}). */
    public static SocketFactory getDefault() {
        LdapSocketFactory current = OPENING.get();
        if (current == null) {
            throw new IllegalStateException("an LDAP connection is opened outside LdapDirectory");
        }
        return current;
    }

    @Override
    public Socket createSocket() throws IOException {
        return verifying(tls.createSocket());
    }

    /** StartTLS: TLS over the connected socket, handshake done here, within the timeout. */
    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        SSLSocket socket = verifying(tls.createSocket(plain, host, port, autoClose));
        int before = socket.getSoTimeout();
        socket.setSoTimeout(handshakeMillis);
        socket.startHandshake();
        socket.setSoTimeout(before);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return verifying(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return verifying(tls.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return verifying(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return verifying(tls.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    // the trust manager then checks the name the connection was opened with against the certificate
    private static SSLSocket verifying(Socket s) {
        SSLSocket socket = (SSLSocket) s;
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("LDAPS");
        socket.setSSLParameters(parameters);
        return socket;
    }
}
