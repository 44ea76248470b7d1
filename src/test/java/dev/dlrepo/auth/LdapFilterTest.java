package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Upstream's filters are Python format strings: the same placeholders and braces, as a JNDI
 * expression whose arguments JNDI escapes (LdapDirectoryTest sends them to a real server).
 */
class LdapFilterTest {
    private static final Set<String> BOTH = Set.of("login", "dn");

    @Test
    void placeholders_become_arguments_of_the_jndi_expression() {
        LdapFilter f = LdapFilter.parse("F", "(&(member={dn})(uid={login}))", BOTH);
        assertEquals("(&(member={1})(uid={0}))", f.expression());
        assertArrayEquals(new Object[] {"*)(uid=*\0", "cn=Doe\\, John (ext)"},
                f.arguments(Map.of("login", "*)(uid=*\0", "dn", "cn=Doe\\, John (ext)")));
    }

    @Test
    void doubled_braces_are_literal_braces_as_in_python() {
        LdapFilter f = LdapFilter.parse("F", "(&(description={{x}})(uid={login}))", BOTH);
        // escaped, or JNDI would take {x} for an argument
        assertEquals("(&(description=\\7bx\\7d)(uid={0}))", f.expression());
    }

    @Test
    void a_placeholder_the_setting_does_not_offer_or_a_stray_brace_is_refused_at_start() {
        Set<String> login = Set.of("login");
        assertThrows(IllegalStateException.class, () -> LdapFilter.parse("F", "(member={dn})", login));
        assertThrows(IllegalStateException.class, () -> LdapFilter.parse("F", "(uid={login!r})", login));
        assertThrows(IllegalStateException.class, () -> LdapFilter.parse("F", "(uid={login)", login));
        assertThrows(IllegalStateException.class, () -> LdapFilter.parse("F", "(uid=login})", login));
        assertThrows(IllegalStateException.class, () -> LdapFilter.parse("F", "", login));
    }
}
