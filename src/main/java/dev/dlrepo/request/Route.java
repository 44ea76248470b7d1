package dev.dlrepo.request;

/** The part of the API an address falls in, by its first segment inside the space. */
public enum Route {
    /** {@code /} or the user's home {@code /~user/}. */
    HOME,
    /** {@code /branches/...}: branches, tags, jobs, formats, files. */
    BRANCHES,
    /** {@code /products/...}: the products view. */
    PRODUCTS,
    /** {@code /tokens...}: one's own tokens (main space only). */
    TOKENS,
    /** {@code /admin...}: scrub, reload, cleanup (main space only). */
    ADMIN,
    /** {@code /v2...}: the registry, when it is served (main space only). */
    REGISTRY,
    /** {@code /static/...} and {@code /favicon.ico}: files that skip authentication (main space only). */
    STATIC,
    /** Anything else: no resource; the ACLs and Jersey decide. */
    OTHER
}
