package dev.dlrepo.auth;

import java.util.EnumSet;
import java.util.Optional;

/** The flags of an ACL line beyond read (which every line grants): add, delete, update. */
public enum Right {
    ADD, DELETE, UPDATE;

    /**
     * Upstream's {@code <access>} word: letters of {@code r o w a d u}, {@code r} mandatory,
     * {@code o} ignored, {@code w} = {@code adu}. Anything else: the line is ignored (empty).
     */
    public static Optional<EnumSet<Right>> parse(String access) {
        EnumSet<Right> rights = EnumSet.noneOf(Right.class);
        boolean read = false;
        for (char c : access.toCharArray()) {
            switch (c) {
                case 'r' -> read = true;
                case 'o' -> { }
                case 'a' -> rights.add(ADD);
                case 'd' -> rights.add(DELETE);
                case 'u' -> rights.add(UPDATE);
                case 'w' -> rights.addAll(EnumSet.allOf(Right.class));
                default -> {
                    return Optional.empty();
                }
            }
        }
        return read ? Optional.of(rights) : Optional.empty();
    }

    /** What a method needs on a path: reads nothing, PUT/PATCH add, POST update (add under /v2/), DELETE delete. */
    public static EnumSet<Right> neededFor(String method, String path) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> EnumSet.noneOf(Right.class);
            case "PUT", "PATCH" -> EnumSet.of(ADD);
            case "POST" -> path.equals("/v2") || path.startsWith("/v2/") ? EnumSet.of(ADD) : EnumSet.of(UPDATE);
            case "DELETE" -> EnumSet.of(DELETE);
            default -> EnumSet.allOf(Right.class); // TRACE, PROPFIND...: only who may do everything
        };
    }
}
