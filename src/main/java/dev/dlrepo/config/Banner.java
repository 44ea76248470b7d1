package dev.dlrepo.config;

import jakarta.servlet.ServletContext;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The server's first line in the log: where it answers, which data directory it serves and who
 * may use it. The URL comes from the container's connectors as it publishes them over JMX
 * (Tomcat does); a container that publishes none gets the context path alone.
 */
public final class Banner {
    private static final Logger LOG = Logger.getLogger(Banner.class.getName());

    private Banner() {
    }

    /** {@code loud}: a mode that opens the server to anyone who reaches it, logged as a warning. */
    public static void log(ServletContext context, Settings settings, String authentication, boolean loud) {
        LOG.log(loud ? Level.WARNING : Level.INFO, "dlrepo-ee at " + String.join(" ", urls(context.getContextPath()))
                + " | data directory " + settings.rootDir() + " | authentication: " + authentication);
    }

    static List<String> urls(String contextPath) {
        List<String> urls = new ArrayList<>();
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName connector : server.queryNames(new ObjectName("*:type=Connector,*"), null)) {
                String address = connector.getKeyProperty("address");
                urls.add(server.getAttribute(connector, "scheme") + "://" + host(address) + ":"
                        + server.getAttribute(connector, "port") + contextPath + "/");
            }
        } catch (JMException | RuntimeException e) {
            // no connectors to read: the context path below still says where in the server
        }
        if (urls.isEmpty()) {
            urls.add(contextPath + "/");
        }
        return urls;
    }

    /** The name to type: localhost for a connector bound to the loopback or to every address. */
    private static String host(String address) {
        if (address == null) {
            return "localhost";
        }
        String a = address.startsWith("\"") ? ObjectName.unquote(address) : address;
        try {
            InetAddress ip = InetAddress.getByName(a.startsWith("/") ? a.substring(1) : a);
            return ip.isLoopbackAddress() || ip.isAnyLocalAddress() ? "localhost" : a;
        } catch (UnknownHostException e) {
            return a;
        }
    }
}
