package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.TooManyRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic, with time moved by hand: no test here sleeps. */
class LoginThrottleTest {
    static final String ATTACKER = "203.0.113.66";
    static final String HOME = "198.51.100.7";
    static final String CAFE = "192.0.2.44";
    final TokensTest.MovableClock clock = new TokensTest.MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    // 3 free failures, then 1 s doubling, addresses up to 60 s, logins up to 10 s, forgotten after 600 s
    final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Policy(3, Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(600), 100), clock);

    void fail(String login, String from) {
        try (LoginThrottle.Attempt a = throttle.admit(login, from)) {
            a.failed();
        }
    }

    void succeed(String login, String from) {
        try (LoginThrottle.Attempt a = throttle.admit(login, from)) {
            a.succeeded();
        }
    }

    long refusedFor(String login, String from) {
        return assertThrows(TooManyRequests.class, () -> throttle.admit(login, from).close(),
                login + " from " + from + " is refused").retryAfter();
    }

    void admitted(String login, String from) {
        assertDoesNotThrow(() -> throttle.admit(login, from).close(), login + " from " + from + " is checked");
    }

    void later(long millis) {
        clock.now = clock.now.plusMillis(millis);
    }

    @Test
    void the_free_failures_are_checked_then_each_failure_refuses_for_twice_as_long_up_to_the_cap() {
        // given three failures: all checked, nothing refused yet
        for (int i = 0; i < 3; i++) {
            admitted("alice", ATTACKER);
            fail("alice", ATTACKER);
        }
        admitted("alice", ATTACKER);
        // when the failures go on, each after its window
        long[] windows = new long[9];
        for (int i = 0; i < windows.length; i++) {
            fail("alice", ATTACKER);
            windows[i] = refusedFor("mallory", ATTACKER); // the address's window: any login
            later(windows[i] * 1000 - 1);
            refusedFor("alice", ATTACKER); // still refused a millisecond before it ends
            later(1);
            admitted("alice", ATTACKER);
        }
        // then
        assertEquals("[1, 2, 4, 8, 16, 32, 60, 60, 60]", java.util.Arrays.toString(windows));
    }

    @Test
    void a_refusal_checks_nothing_and_counts_nothing() {
        for (int i = 0; i < 4; i++) {
            fail("alice", ATTACKER);
        }
        assertEquals(1, refusedFor("alice", ATTACKER));
        // refused attempts during the window do not stretch it
        for (int i = 0; i < 50; i++) {
            refusedFor("alice", ATTACKER);
        }
        later(1000);
        admitted("alice", ATTACKER);
        fail("alice", ATTACKER);
        assertEquals(2, refusedFor("alice", ATTACKER), "the fifth failure: two seconds, not fifty more");
    }

    @Test
    void an_attacker_on_one_address_cannot_lock_the_real_user_out_of_hers() {
        // given alice logs in from home
        succeed("alice", HOME);
        // when an attacker guesses her password long enough for the longest windows
        for (int i = 0; i < 20; i++) {
            fail("alice", ATTACKER);
            later(60_000);
        }
        fail("alice", ATTACKER);
        // then the attacker is refused for the address's longest window
        assertEquals(60, refusedFor("alice", ATTACKER));
        // alice at home is not refused at all
        admitted("alice", HOME);
        // alice at a cafe (not one of her addresses) waits at most the login's cap
        assertEquals(10, refusedFor("alice", CAFE));
        later(10_000);
        admitted("alice", CAFE);
        // others elsewhere never notice
        admitted("bob", CAFE);
    }

    @Test
    void guesses_spread_over_many_addresses_meet_the_logins_window() {
        for (int i = 0; i < 4; i++) {
            fail("alice", "10.0.0." + i); // one guess per address: no address is throttled
        }
        assertEquals(1, refusedFor("alice", "10.0.0.99"));
        admitted("bob", "10.0.0.99");
        later(1000);
        fail("alice", "10.0.0.4");
        assertEquals(2, refusedFor("alice", "10.0.0.100"));
    }

    @Test
    void a_successful_login_clears_its_addresss_count_but_not_the_logins() {
        for (int i = 0; i < 3; i++) {
            fail("bob", CAFE);
            fail("alice", ATTACKER);
        }
        // when bob gets it right from the cafe
        succeed("bob", CAFE);
        // then the cafe starts again from zero: three more failures before any refusal
        for (int i = 0; i < 3; i++) {
            fail("carol", CAFE);
        }
        admitted("dave", CAFE);
        // and alice's login keeps its count: the next failure for her, from anywhere, opens her window
        fail("alice", HOME);
        assertEquals(1, refusedFor("alice", "10.9.9.9"));
    }

    @Test
    void counts_are_forgotten_after_a_quiet_reset_period() {
        for (int i = 0; i < 3; i++) {
            fail("alice", ATTACKER);
        }
        later(600_001);
        fail("alice", ATTACKER);
        admitted("alice", ATTACKER); // one failure after the reset: free again
    }

    @Test
    void once_failures_count_parallel_checks_go_one_at_a_time() {
        // given failures up to the last free one
        for (int i = 0; i < 2; i++) {
            fail("alice", ATTACKER);
        }
        // when two checks start at once, the second is refused until the first ends
        LoginThrottle.Attempt first = throttle.admit("alice", ATTACKER);
        assertEquals(1, refusedFor("alice", ATTACKER));
        first.failed();
        first.close();
        // then the window of the third failure is the ordinary one
        fail("alice", ATTACKER);
        assertEquals(1, refusedFor("alice", ATTACKER));
        // and without any failure, parallel logins are not held back (a CI robot's jobs)
        LoginThrottle.Attempt[] robot = new LoginThrottle.Attempt[10];
        for (int i = 0; i < robot.length; i++) {
            robot[i] = assertDoesNotThrow(() -> throttle.admit("robot", HOME));
        }
        for (LoginThrottle.Attempt a : robot) {
            a.succeeded();
            a.close();
        }
    }

    @Test
    void an_attempt_closed_without_an_outcome_counts_nothing() {
        // the directory could not answer: neither a failure nor a success
        for (int i = 0; i < 10; i++) {
            throttle.admit("alice", ATTACKER).close();
        }
        admitted("alice", ATTACKER);
    }

    @Test
    void logins_count_without_case_or_blanks_and_long_ones_are_kept_short() {
        fail("Alice", ATTACKER);
        fail(" ALICE", HOME);
        fail("alice ", CAFE);
        fail("aLiCe", "10.1.1.1");
        assertEquals(1, refusedFor("alice", "10.2.2.2"));
        assertTrue(LoginThrottle.loginKey("x".repeat(8000)).length() <= 71);
    }

    @Test
    void memory_stays_bounded_whatever_logins_and_addresses_are_sent() {
        for (int i = 0; i < 100_000; i++) {
            fail("user" + i + "x".repeat(200), "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertEquals(200, throttle.size(), "at most 100 logins and 100 addresses");
    }

    @Test
    void ipv6_clients_count_by_their_64_and_mapped_ipv4_as_ipv4() {
        assertEquals("2001:db8:1:2:0:0:0:0/64", ClientAddress.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", ClientAddress.key("[2001:db8:1:2::1]"));
        assertEquals("fe80:0:0:0:0:0:0:0/64", ClientAddress.key("fe80::1%eth0"));
        assertEquals("192.0.2.1", ClientAddress.key("::ffff:192.0.2.1"));
        assertEquals("192.0.2.1", ClientAddress.key("192.0.2.1"));
        assertEquals("no:such:host.example", ClientAddress.key("no:such:host.example"), "never a DNS lookup");
        assertEquals(64, ClientAddress.key("x".repeat(1000)).length());
        // so a host walking through its /64 is still one address
        for (int i = 0; i < 4; i++) {
            fail("alice", "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertEquals(1, refusedFor("bob", "2001:db8:1:2:ffff::9"));
        admitted("bob", "2001:db8:1:3::1");
    }

    @Test
    void the_settings_have_defaults_and_a_delay_of_zero_turns_throttling_off() {
        LoginThrottle.Policy defaults = LoginThrottle.Policy.of(Settings.of(Map.of()));
        assertEquals(new LoginThrottle.Policy(5, Duration.ofSeconds(1), Duration.ofSeconds(900), Duration.ofSeconds(60),
                Duration.ofSeconds(3600), 10_000), defaults);
        LoginThrottle.Policy shortReset = LoginThrottle.Policy.of(Settings.of(Map.of(Settings.LOGIN_THROTTLE_RESET, "10")));
        assertEquals(Duration.ofSeconds(900), shortReset.reset(), "never shorter than the longest window");
        LoginThrottle off = new LoginThrottle(LoginThrottle.Policy.of(Settings.of(Map.of(Settings.LOGIN_THROTTLE_DELAY, "0"))),
                clock);
        for (int i = 0; i < 100; i++) {
            try (LoginThrottle.Attempt a = off.admit("alice", ATTACKER)) {
                a.failed();
            }
        }
        assertDoesNotThrow(() -> off.admit("alice", ATTACKER).close());
        assertEquals(0, off.size());
    }
}
