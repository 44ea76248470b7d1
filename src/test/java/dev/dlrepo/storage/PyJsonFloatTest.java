package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Floats as Python's {@code json.dumps} writes them (the right column is Python 3's output). */
class PyJsonFloatTest {
    @ParameterizedTest
    @CsvSource({
        "1e-05, 1e-05",
        "1e23, 1e+23",
        "1e22, 1e+22",
        "1e16, 1e+16",
        "1e15, 1000000000000000.0",
        "123456789012345678.0, 1.2345678901234568e+17",
        "0.1, 0.1",
        "0.0001, 0.0001",
        "0.00012345, 0.00012345",
        "1.5, 1.5",
        "-2.5, -2.5",
        "1795584285.1579583, 1795584285.1579583",
        "1700000000.0, 1700000000.0",
        "2e-323, 2e-323",
        "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "2.2250738585072014e-308, 2.2250738585072014e-308",
        "0.3333333333333333, 0.3333333333333333",
        "100.0, 100.0",
        "9007199254740993.0, 9007199254740992.0",
        "1234567890123456.7, 1234567890123456.8",
        "2e23, 2e+23",
        "1.1e-7, 1.1e-07",
        "3.14159, 3.14159",
        "1e100, 1e+100",
        "-1e-100, -1e-100",
        "123.456, 123.456",
        "5e-5, 5e-05",
        "0.001, 0.001",
        "8.41e21, 8.41e+21",
        "4.35e-4, 0.000435",
        "9.5e-5, 9.5e-05",
        "1.0000000000000002, 1.0000000000000002",
        "4.940656458412e-324, 5e-324",
        "2.5e-308, 2.5e-308",
        // where JDK 17's Double.toString has a digit too many
        "2.82879384806159E17, 2.82879384806159e+17",
        "1.18575755E-316, 1.18575755e-316",
        "9.223372036854776E18, 9.223372036854776e+18",
        // powers of two: the interval that reads back is lopsided
        "0x1p-1022, 2.2250738585072014e-308",
        "0x1p60, 1.152921504606847e+18",
        "0x1p-20, 9.5367431640625e-07",
        "0x1p54, 1.8014398509481984e+16",
    })
    void a_float_is_written_as_python_writes_it(String value, String python) {
        double d = Double.parseDouble(value);
        assertEquals(python, PyJson.encode(d));
        assertEquals(d, Double.parseDouble(python), "reads back as the same double");
    }

    @Test
    void the_values_python_has_no_json_for_are_written_as_json_dumps_writes_them() {
        assertEquals("[Infinity, -Infinity, NaN]",
                PyJson.encode(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN)));
    }

    @Test
    void zero_stays_the_int_upstream_answers_for_a_missing_stamp() {
        assertEquals("0", PyJson.encode(0.0));
    }
}
