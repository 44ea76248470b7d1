package dev.dlrepo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code Range} header as Tomcat 10.1's {@code DefaultServlet} reads it (its cases, on a file
 * of 100 bytes unless said): {@code 206 a-b} a part, {@code 200} the whole file, {@code 416} none.
 * Every row was asked of the real one too: {@code RangeOracleIT} sends these headers (and more) to
 * Tomcat's default servlet and to our downloads in the same Tomcat and compares the answers.
 */
class ByteRangeTest {
    @ParameterizedTest(name = "[{index}] {0} of {1} bytes: {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "null                  | 100 | 200",
        "bytes=0-9             | 100 | 206 0-9",
        "bytes=10-             | 100 | 206 10-99",
        "bytes=-10             | 100 | 206 90-99",
        "bytes=99-99           | 100 | 206 99-99",
        "bytes=90-200          | 100 | 206 90-99",     // the end is cut at the file's end
        "bytes=-200            | 100 | 206 0-99",      // a suffix longer than the file: all of it, as a part
        "bytes=0-              | 100 | 206 0-99",      // one range of every byte is still a part
        "bytes=0-99            | 100 | 206 0-99",
        "' bytes = 5 - 9 '     | 100 | 206 5-9",       // white space around the parts
        "'bytes=5	-9'         | 100 | 206 5-9",       // a tab is white space too
        "BYTES=5-9             | 100 | 206 5-9",       // the unit is lower-cased
        "bytes=100-            | 100 | 416",           // starts past the end
        "bytes=100-200         | 100 | 416",
        "bytes=-0              | 100 | 416",           // a suffix of nothing
        "bytes=9-5             | 100 | 416",           // ends before it starts
        "bytes=                | 100 | 416",           // malformed: 416, as Tomcat answers
        "bytes=-               | 100 | 416",
        "bytes=abc             | 100 | 416",
        "bytes=1-x             | 100 | 416",
        "bytes=+1-5            | 100 | 416",
        "bytes=0-1,,2-3        | 100 | 416",
        "bytes=0-5,            | 100 | 416",           // a comma promises another range
        "bytes=,0-5            | 100 | 416",
        "bytes=0-5;x           | 100 | 416",
        "bytes 0-5             | 100 | 416",           // no '='
        "=0-5                  | 100 | 416",           // no unit
        "b@d=0-5               | 100 | 416",           // a unit is a token
        "bytes=0-1,5-9         | 100 | 200",           // several: the whole file
        "bytes=-5,0-1          | 100 | 200",
        "'bytes=0-5 , 7-9'     | 100 | 200",
        "bytes=0-1,0-1         | 100 | 200",           // two may overlap
        "bytes=0-10,5-15,20-30 | 100 | 200",           // of three or more, one overlap is allowed...
        "bytes=0-10,0-10,20-30 | 100 | 200",           // ...or one repeat
        "bytes=0-5,0-5,0-5     | 100 | 416",           // ...not two
        "bytes=0-10,5-15,8-20  | 100 | 416",
        "bytes=50-60,0-10,5-15,20-30,55-70 | 100 | 416",
        "bytes=0-1,200-300     | 100 | 416",           // ...once each is satisfiable
        "items=0-5             | 100 | 200",           // another unit is ignored
        "bytes=0-5             | 0   | 200",           // an empty file ignores Range
        "bytes=-5              | 0   | 200",
        "bytes=abc             | 0   | 200",
        "bytes=0-9223372036854775807    | 100 | 206 0-99",  // the largest long: past any end
        "bytes=9223372036854775807-     | 100 | 416",
        "bytes=5-99999999999999999999   | 100 | 416",       // more than a long holds: malformed
        "bytes=99999999999999999999-    | 100 | 416",
        "bytes=-99999999999999999999    | 100 | 416",
        "bytes=4294967296-4294967305 | 5000000000 | 206 4294967296-4294967305",
    })
    void a_range_header_is_read_as_tomcat_reads_it(String header, long size, String expected) {
        ByteRange range = ByteRange.of(header, size);
        String actual = range instanceof ByteRange.Part p ? "206 " + p.start() + "-" + p.end()
                : range instanceof ByteRange.Whole ? "200" : "416";
        assertEquals(expected, actual);
        assertEquals(size, switchSize(range));
    }

    @Test
    void a_part_outside_its_file_cannot_exist() {
        assertThrows(IllegalArgumentException.class, () -> new ByteRange.Part(5, 4, 10));
        assertThrows(IllegalArgumentException.class, () -> new ByteRange.Part(0, 10, 10));
        assertEquals(10, new ByteRange.Part(0, 9, 11).length());
    }

    private static long switchSize(ByteRange range) {
        if (range instanceof ByteRange.Part p) {
            return p.size();
        }
        return range instanceof ByteRange.Whole w ? w.size() : ((ByteRange.Unsatisfiable) range).size();
    }
}
