package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeneralizedTimeTest {
    @Test
    void the_forms_directories_write_are_read_to_the_second_and_anything_else_is_no_time() {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        assertEquals(Optional.of(t), GeneralizedTime.parse("20260301100000Z"), "OpenLDAP, 389 DS");
        assertEquals(Optional.of(t), GeneralizedTime.parse("20260301100000.0Z"), "Active Directory");
        assertEquals(Optional.of(t), GeneralizedTime.parse("20260301100000.987Z"), "fractions dropped");
        assertEquals(Optional.of(t), GeneralizedTime.parse("20260301120000+0200"), "an offset");
        for (String bad : new String[] {"", "2026-03-01T10:00:00Z", "20260301100000", "20261301100000Z", "x20260301100000Z"}) {
            assertEquals(Optional.empty(), GeneralizedTime.parse(bad), bad);
        }
    }
}
