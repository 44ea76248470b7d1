package dev.dlrepo.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An LDAP search filter with upstream's Python {@code str.format} placeholders ({@code {login}},
 * {@code {dn}}; {@code {{} and {@code }}} are literal braces), turned into a JNDI filter
 * expression ({@code {0}}, {@code {1}}) and its arguments: JNDI escapes each argument as RFC 4515
 * asks, so a login such as {@code *} or {@code x)(uid=*)} is only ever a value, never filter
 * syntax.
 */
record LdapFilter(String setting, List<String> parts) {
    // a placeholder's argument index in the JNDI expression
    private static final List<String> ARGUMENTS = List.of("login", "dn");

    LdapFilter {
        parts = List.copyOf(parts);
    }

    /**
     * The template split into literal text (even indexes) and placeholder names (odd indexes).
     * Fails like Python would on a stray brace, and on a name the setting does not offer.
     */
    static LdapFilter parse(String setting, String template, Set<String> names) {
        if (template == null || template.isBlank()) {
            throw new IllegalStateException(setting + " must be set when DLREPO_LDAP_URL is");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                text.append('{');
                i++;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                text.append('}');
                i++;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                String name = end < 0 ? null : template.substring(i + 1, end);
                if (name == null || !names.contains(name)) {
                    throw new IllegalStateException(setting + ": unknown placeholder in " + template
                            + " (placeholders: " + String.join(", ", names.stream().map(n -> "{" + n + "}").sorted().toList())
                            + "; write {{ and }} for braces)");
                }
                parts.add(text.toString());
                parts.add(name);
                text.setLength(0);
                i = end;
            } else if (c == '}') {
                throw new IllegalStateException(setting + ": single '}' in " + template + " (write }} for a brace)");
            } else {
                text.append(c);
            }
        }
        parts.add(text.toString());
        return new LdapFilter(setting, parts);
    }

    /**
     * For {@code DirContext.search(name, expression, arguments, controls)}: placeholders as
     * {@code {i}}, literal braces as RFC 4515 escapes (JNDI would read them as placeholders).
     */
    String expression() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            out.append(i % 2 == 0
                    ? parts.get(i).replace("{", "\\7b").replace("}", "\\7d")
                    : "{" + ARGUMENTS.indexOf(parts.get(i)) + "}");
        }
        return out.toString();
    }

    /** The arguments of {@link #expression()}, unescaped: JNDI escapes them. */
    Object[] arguments(Map<String, String> values) {
        return ARGUMENTS.stream().map(n -> values.getOrDefault(n, "")).toArray();
    }
}
