package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Upstream's filters are Python format strings: the same placeholders and braces, values escaped. */
class LdapFilterTest {
    private static final Set<String> BOTH = Set.of("login", "dn");

    @Test
    void placeholders_are_replaced_by_escaped_values() {
        LdapFilter f = LdapFilter.parse("F", "(&(member={dn})(uid={login}))", BOTH);
        assertEquals("(&(member=cn=Doe\\5c, John \\28ext\\29)(uid=\\2a\\29\\28uid=\\2a\\00))",
                f.format(Map.of("login", "*)(uid=*\0", "dn", "cn=Doe\\, John (ext)")));
    }

    @Test
    void doubled_braces_are_literal_braces_as_in_python() {
        LdapFilter f = LdapFilter.parse("F", "(&(description={{x}})(uid={login}){{}})", BOTH);
        assertEquals("(&(description={x})(uid=bob){})", f.format(Map.of("login", "bob", "dn", "")));
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

    @Test
    void a_value_without_special_characters_is_left_as_it_is() {
        assertEquals("Zoë.o'brien-1", LdapFilter.escape("Zoë.o'brien-1"));
    }
}
