package dev.dlrepo.auth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/** {@code <access> <pattern> [<pattern>...]}: grants its rights where all its patterns match. */
record AclLine(EnumSet<Right> rights, List<AclPattern> patterns) {
    /** A line of an ACL file; comments, short lines, unknown access words and bad regexes give nothing. */
    static Optional<AclLine> parse(String line) {
        int hash = line.indexOf('#');
        String text = hash < 0 ? line : line.substring(0, hash);
        String[] tokens = text.trim().split("\\s+");
        if (tokens.length < 2) {
            return Optional.empty();
        }
        Optional<EnumSet<Right>> rights = Right.parse(tokens[0]);
        if (rights.isEmpty()) {
            return Optional.empty();
        }
        List<AclPattern> patterns = new ArrayList<>();
        try {
            for (int i = 1; i < tokens.length; i++) {
                patterns.add(new AclPattern(tokens[i]));
            }
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
        return Optional.of(new AclLine(rights.get(), List.copyOf(patterns)));
    }

    boolean allows(EnumSet<Right> needed, String path, String login) {
        if (!rights.containsAll(needed)) {
            return false;
        }
        for (AclPattern p : patterns) {
            if (!p.matches(path, login)) {
                return false;
            }
        }
        return true;
    }
}
