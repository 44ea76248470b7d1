package dev.dlrepo.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.ServletContext;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Looks a setting up in upstream's names, first match wins: JNDI {@code java:comp/env/NAME}
 * (Tomcat {@code <Environment>}), servlet context init-parameter ({@code <Parameter>}), Java system
 * property, environment variable. The same order works on Tomcat and Payara.
 */
@ApplicationScoped
public class SettingsProducer {
    // the real context, captured at start-up: the injectable one is a proxy bound to requests
    private volatile ServletContext context;
    private volatile Settings settings;

    void started(@Observes @Initialized(ApplicationScoped.class) ServletContext started) {
        this.context = started;
    }

    // Settings is an immutable value: produced once, handed out as is (no proxy needed)
    @Produces
    public Settings settings() {
        Settings s = settings;
        if (s == null) {
            settings = s = new Settings(this::lookup);
        }
        return s;
    }

    private String lookup(String name) {
        String value = jndi(name);
        ServletContext c = context;
        if (value == null && c != null) value = c.getInitParameter(name);
        if (value == null) value = System.getProperty(name);
        if (value == null) value = System.getenv(name);
        return value;
    }

    private static String jndi(String name) {
        try {
            Object value = new InitialContext().lookup("java:comp/env/" + name);
            return value == null ? null : value.toString();
        } catch (NamingException | RuntimeException e) {
            return null; // not bound, or no naming service: fall through to the next source
        }
    }
}
