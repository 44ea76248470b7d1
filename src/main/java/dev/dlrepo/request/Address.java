package dev.dlrepo.request;

import java.util.List;
import java.util.Optional;

/**
 * One spelling of a request's path split into what it addresses: the space (the main tree, or
 * {@code /~user} with the user as sent) and the segments inside it. A value: it never decodes,
 * normalises or lower-cases; {@link Target} hands out one per spelling.
 */
public record Address(String path, Optional<String> user, List<String> segments) {

    public Address {
        segments = List.copyOf(segments);
    }

    /** {@code path} starts with {@code /}. */
    static Address of(String path) {
        String[] parts = path.substring(1).split("/", -1);
        if (parts[0].startsWith("~")) {
            return new Address(path, Optional.of(parts[0].substring(1)), List.of(parts).subList(1, parts.length));
        }
        return new Address(path, Optional.empty(), List.of(parts));
    }

    public Route route() {
        if (home()) {
            return Route.HOME;
        }
        String first = segments.get(0);
        if (first.equals("branches")) {
            return Route.BRANCHES;
        }
        if (first.equals("products")) {
            return Route.PRODUCTS;
        }
        if (user.isPresent()) {
            return Route.OTHER; // the routes below exist in the main space only
        }
        return switch (first) {
            case "static" -> segments.size() > 1 ? Route.STATIC : Route.OTHER;
            case "favicon.ico" -> segments.size() == 1 ? Route.STATIC : Route.OTHER;
            case "tokens" -> Route.TOKENS;
            case "admin" -> Route.ADMIN;
            case "v2" -> Route.REGISTRY;
            default -> Route.OTHER;
        };
    }

    /** {@code /}, {@code /~user} or {@code /~user/}. */
    public boolean home() {
        return segments.isEmpty() || segments.size() == 1 && segments.get(0).isEmpty();
    }

    /** {@code /v2} or {@code /v2/}: the registry's version check, which must challenge anonymous clients. */
    public boolean registryRoot() {
        return route() == Route.REGISTRY && (segments.size() == 1 || segments.size() == 2 && segments.get(1).isEmpty());
    }

    /** The segment at {@code index} inside the space, if there is one. */
    public Optional<String> segment(int index) {
        return index < segments.size() ? Optional.of(segments.get(index)) : Optional.empty();
    }

    /**
     * The file of {@code branches/<b>/<t>/<j>/<f>/<file...>}: the segments after the format,
     * joined as sent; empty when the address is not below a format or names no file.
     */
    public Optional<String> file() {
        if (route() != Route.BRANCHES || segments.size() < 6) {
            return Optional.empty();
        }
        String file = String.join("/", segments.subList(5, segments.size()));
        return file.isEmpty() ? Optional.empty() : Optional.of(file);
    }
}
