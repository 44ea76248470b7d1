package dev.dlrepo.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The client address a throttle counts by: an IPv4 address as is, an IPv6 address by its /64
 * (one host usually gets a whole /64, so counting single IPv6 addresses would count nothing).
 */
final class ClientAddress {
    private static final int MAX_LENGTH = 64;

    private ClientAddress() {
    }

    static String key(String remote) {
        if (remote == null || remote.isEmpty()) {
            return "-";
        }
        if (remote.indexOf(':') >= 0) {
            String literal = remote.startsWith("[") && remote.endsWith("]") ? remote.substring(1, remote.length() - 1) : remote;
            int zone = literal.indexOf('%');
            try {
                // in brackets, getByName parses a literal or fails: it never asks DNS
                InetAddress address = InetAddress.getByName("[" + (zone < 0 ? literal : literal.substring(0, zone)) + "]");
                if (address instanceof Inet6Address) {
                    byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
                    Arrays.fill(prefix, 8, 16, (byte) 0);
                    return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
                }
                return address.getHostAddress(); // ::ffff:a.b.c.d is an IPv4 client
            } catch (UnknownHostException e) {
                // not a literal (a proxy header passed through as is): counted by its text
            }
        }
        return remote.length() <= MAX_LENGTH ? remote : remote.substring(0, MAX_LENGTH);
    }
}
