package dev.dlrepo.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import jakarta.servlet.ServletContext;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Reads every setting once, at deployment, in upstream's names, first match wins: JNDI
 * {@code java:comp/env/NAME} (Tomcat {@code <Environment>}), servlet context init-parameter
 * ({@code <Parameter>}), Java system property, environment variable. The same order works on
 * Tomcat and Payara. A bad value throws here, which fails the deployment.
 */
@ApplicationScoped
public class SettingsProducer {
    private volatile Settings settings;

    // before every other start-up observer: they are beans that inject the settings
    void started(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class)
            ServletContext started) {
        snapshot(started);
    }

    // Settings is an immutable value: produced once, handed out as is (no proxy needed)
    @Produces
    public Settings settings() {
        Settings s = settings;
        return s != null ? s : snapshot(null);
    }

    private synchronized Settings snapshot(ServletContext context) {
        if (settings == null) {
            InitialContext jndi = naming();
            settings = DeployedSettings.read(name -> lookup(jndi, context, name));
        }
        return settings;
    }

    private static String lookup(InitialContext jndi, ServletContext context, String name) {
        String value = jndi(jndi, name);
        if (value == null && context != null) value = context.getInitParameter(name);
        if (value == null) value = System.getProperty(name);
        if (value == null) value = System.getenv(name);
        return value;
    }

    private static InitialContext naming() {
        try {
            return new InitialContext();
        } catch (NamingException | RuntimeException e) {
            return null; // no naming service: the other sources still count
        }
    }

    private static String jndi(InitialContext jndi, String name) {
        if (jndi == null) {
            return null;
        }
        try {
            Object value = jndi.lookup("java:comp/env/" + name);
            return value == null ? null : value.toString();
        } catch (NamingException | RuntimeException e) {
            return null; // not bound: fall through to the next source
        }
    }
}
