package dev.dlrepo.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An LDAP search filter with upstream's Python {@code str.format} placeholders ({@code {login}},
 * {@code {dn}}; {@code {{} and {@code }}} are literal braces). Every value is escaped as RFC 4515
 * asks before it goes in, so a login such as {@code *} or {@code x)(uid=*)} is only ever a
 * value, never filter syntax.
 */
record LdapFilter(String setting, List<String> parts) {
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

    /** The filter with each placeholder replaced by its escaped value. */
    String format(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            out.append(i % 2 == 0 ? parts.get(i) : escape(values.get(parts.get(i))));
        }
        return out.toString();
    }

    /** RFC 4515 section 3: the characters that mean something in a filter, as {@code \hh}. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\5c");
                case '*' -> out.append("\\2a");
                case '(' -> out.append("\\28");
                case ')' -> out.append("\\29");
                case '\0' -> out.append("\\00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
