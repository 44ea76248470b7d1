package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes in the quota message and the cleanup's log, as upstream's formatter prints them (values checked against Python). */
class DecimalSizeTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1, 1.0",
        "12, 12.0",
        "999, 999",
        "1000, 1.0K",
        "1049, 1.0K",
        "1050, 1.1K",
        "1250, 1.2K",     // exactly half: to even, as Python rounds
        "1350, 1.4K",     // 1.35 is a little over half in binary
        "2500, 2.5K",
        "99949, 99.9K",
        "99950, 100.0K",  // under 100 before rounding: one decimal, as upstream
        "100000, 100K",
        "100500, 100K",   // exactly half, no decimals: to even
        "999500, 1000K",
        "9800000000, 9.8G",
        "10737418240, 10.7G",
        "5000000000000000, 5000T",
        "99949999, 99.9M",
        "99950000, 100.0M",   // the orphan sweep's log line rounded this to 100M
        "1234567890, 1.2G",
        "123456789012, 123G",
    })
    void sizes_read_as_upstream_prints_them(long bytes, String expected) {
        assertEquals(expected, DecimalSize.format(bytes));
    }
}
