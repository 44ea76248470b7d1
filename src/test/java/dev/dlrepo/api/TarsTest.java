package dev.dlrepo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TarsTest {
    @Test
    void a_plain_archive_name_is_sent_bare_as_upstream_sends_it() {
        assertEquals("attachment; filename=foo-x86-v1.2.0.tar", Tars.disposition("foo-x86-v1.2.0.tar"));
    }

    @Test
    void a_name_a_header_cannot_carry_bare_gets_an_ascii_fallback_and_its_utf8_spelling() {
        assertEquals("attachment; filename=\"caf_ x;y-x-v1.tar\"; filename*=UTF-8''caf%C3%A9%20x%3By-x-v1.tar",
                Tars.disposition("café x;y-x-v1.tar"));
        assertEquals("attachment; filename=\"a_b_.tar\"; filename*=UTF-8''a%22b%0D.tar", Tars.disposition("a\"b\r.tar"));
    }
}
