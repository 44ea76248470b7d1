package dev.dlrepo.request;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/**
 * What a request addresses, parsed once (the first filter that asks) and kept on the request.
 * A path has two views that can disagree: the container's ({@code ..} resolved, {@code //}
 * merged, path parameters dropped), which it dispatches on and the filters' routes follow, and
 * the path as sent, percent-decoded once, which Jersey matches and the resources read. The ACLs
 * are asked about every {@link #spellings() spelling}. A path that cannot be decoded strictly or
 * carries path parameters ({@code ;}) is {@link #refused()}: it has no API view at all.
 */
public final class Target {
    private static final String ATTRIBUTE = "dev.dlrepo.target";
    private final Address container;
    private final Optional<Address> api;

    private Target(Address container, Optional<Address> api) {
        this.container = container;
        this.api = api;
    }

    /** The request's target, parsed at the first call. */
    public static Target of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof Target t) {
            return t;
        }
        String raw = request.getRequestURI();
        String context = request.getContextPath();
        if (raw.startsWith(context)) {
            raw = raw.substring(context.length());
        }
        // Jersey answers at /*: there the servlet path is empty and the rest is the path info
        String normalized = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Target target = parse(raw, normalized);
        request.setAttribute(ATTRIBUTE, target);
        return target;
    }

    /** {@code raw}: the path as sent, without the context path; {@code normalized}: the container's. */
    static Target parse(String raw, String normalized) {
        Address container = Address.of(normalized.isEmpty() ? "/" : normalized);
        if (raw.indexOf(';') >= 0) {
            return new Target(container, Optional.empty()); // upstream never uses them; the views would disagree
        }
        Optional<Address> api = Spellings.decode(raw).map(d -> Address.of(d.isEmpty() ? "/" : d));
        return new Target(container, api);
    }

    /** Not decodable strictly, or with path parameters: answered 400 before anything else looks. */
    public boolean refused() {
        return api.isEmpty();
    }

    /** The container's view: what it dispatched, what the filters route on. */
    public Address container() {
        return container;
    }

    /** The path as sent, decoded once: what Jersey matches. Empty when {@link #refused()}. */
    public Optional<Address> api() {
        return api;
    }

    /** Every spelling the ACLs must allow: both views, each also with its names lower-cased. Empty when refused. */
    public Set<String> spellings() {
        return api.map(a -> Spellings.of(a.path(), container.path())).orElse(Set.of());
    }

    @Override
    public String toString() {
        return api.map(Address::path).orElse("(refused) " + container.path());
    }
}
