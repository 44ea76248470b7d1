package dev.dlrepo.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One pattern of an ACL line: a glob ({@code *} within a segment, {@code **} across segments,
 * {@code ?} one character, anchored at both ends), or {@code ~regex} matched from the start of the
 * path; {@code !} in front negates. {@code $user} is the request's login, taken literally.
 * Compiled once: when the ACL files are read, or, for a pattern with {@code $user}, at a login's
 * first request (kept while the ACL files stay as they are: a reload makes new patterns).
 */
final class AclPattern {
    private static final String USER = "$user";
    // logins seen since the ACL files were read; a bound keeps a flood of distinct logins cheap
    private static final int LOGINS = 4096;
    private final String source;
    private final boolean negated;
    private final boolean regex;
    private final String body;
    private final Pattern compiled; // null when the pattern depends on the login
    private final Map<String, Pattern> byLogin = new ConcurrentHashMap<>();

    AclPattern(String token) {
        this.source = token;
        String rest = token;
        this.negated = rest.startsWith("!");
        if (negated) {
            rest = rest.substring(1);
        }
        this.regex = rest.startsWith("~");
        this.body = regex ? rest.substring(1) : rest;
        this.compiled = body.contains(USER) ? null : compile(body, "");
    }

    boolean matches(String path, String login) {
        if (compiled == null && login.isEmpty()) {
            return negated; // anonymous has no $user: such a pattern matches nothing for it
        }
        Pattern p = patternFor(login);
        boolean found = regex ? p.matcher(path).lookingAt() : p.matcher(path).matches();
        return found != negated;
    }

    /** The regex for a login: the same instance for every request of that login. */
    Pattern patternFor(String login) {
        if (compiled != null) {
            return compiled;
        }
        Pattern p = byLogin.get(login);
        if (p == null) {
            if (byLogin.size() >= LOGINS) {
                byLogin.clear();
            }
            p = byLogin.computeIfAbsent(login, l -> compile(body, l));
        }
        return p;
    }

    private Pattern compile(String text, String login) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(USER, i)) {
                out.append(Pattern.quote(login));
                i += USER.length();
            } else if (regex) {
                int next = text.indexOf(USER, i);
                int end = next < 0 ? text.length() : next;
                out.append(text, i, end);
                i = end;
            } else if (text.startsWith("**", i)) {
                out.append(".*");
                i += 2;
            } else {
                char c = text.charAt(i++);
                switch (c) {
                    case '*' -> out.append("[^/]*");
                    case '?' -> out.append("[^/]");
                    default -> out.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return Pattern.compile(out.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return source;
    }
}
