package dev.dlrepo.storage;

import java.io.InputStream;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a PUT of a file brings, read from its headers once: the digest it names, whether it asks
 * for a link to the blob of that digest instead of sending bytes, whether another dlrepo server
 * sends it (publishing), its body (asked for only when bytes are to be received) and what the
 * caller may read (a link needs a holder of the blob the caller may read, {@link Repository#link}).
 */
public record Incoming(Digest digest, boolean link, boolean fromPeerServer, Supplier<InputStream> body,
        Predicate<String> readable) {
    /** The {@code User-Agent} of a dlrepo server publishing to us. */
    static final String PEER_AGENT = "dlrepo-server/";

    /** From the headers as sent: {@code Digest} (parsed: 400/422 on a bad one), {@code X-Dlrepo-Link}, {@code User-Agent}. */
    public static Incoming of(String digest, String xDlrepoLink, String userAgent, Supplier<InputStream> body,
            Predicate<String> readable) {
        return new Incoming(Digest.parse(digest), links(digest, xDlrepoLink), userAgent != null && userAgent.startsWith(PEER_AGENT),
                body, readable);
    }

    /** Upstream's rule: a link when {@code X-Dlrepo-Link} repeats the {@code Digest} header exactly; else bytes follow. */
    public static boolean links(String digest, String xDlrepoLink) {
        return xDlrepoLink != null && xDlrepoLink.equals(digest);
    }
}
