package dev.dlrepo.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarWriterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarWriter tar = new TarWriter(bytes);

    @Test
    void members_read_back_as_announced_and_the_archive_ends_with_zero_blocks_on_a_record_boundary() throws IOException {
        byte[] one = {42};
        byte[] blockAndOne = new byte[513];
        Arrays.fill(blockAndOne, (byte) 'x');
        // when
        tar.add(new TarEntry("a/empty", 0644, 0, 1_700_000_000L), new byte[0]);
        tar.add(new TarEntry("a/one", 0755, 1, 1_600_000_000L), Channels.newChannel(new java.io.ByteArrayInputStream(one)));
        tar.add(new TarEntry("a/block-and-one", 0444, 513, 1L), blockAndOne);
        long length = tar.finish();
        // then
        TarContents read = TarContents.read(bytes.toByteArray());
        assertEquals(List.of("a/empty", "a/one", "a/block-and-one"), read.names());
        assertEquals(0644, read.get("a/empty").mode());
        assertEquals(0755, read.get("a/one").mode());
        assertEquals(0444, read.get("a/block-and-one").mode());
        assertEquals(1_600_000_000L, read.get("a/one").mtime());
        assertEquals(1L, read.get("a/block-and-one").mtime());
        assertArrayEquals(one, read.get("a/one").content());
        assertArrayEquals(blockAndOne, read.get("a/block-and-one").content());
        long members = 512 + (512 + 512) + (512 + 1024);
        assertEquals(10240, length, "members and two zero blocks fit one record");
        assertEquals(length, bytes.size());
        assertTrue(isZero(bytes.toByteArray(), (int) members, bytes.size()), "zeros after the last member");
    }

    @Test
    void an_archive_with_no_member_is_one_record_of_zeros() throws IOException {
        assertEquals(10240, tar.finish());
        assertTrue(isZero(bytes.toByteArray(), 0, 10240));
    }

    @Test
    void the_end_marker_that_does_not_fit_the_last_record_opens_another_one() throws IOException {
        // 512 + 9216 = 9728 bytes of member: the two zero blocks cross the 10240 boundary
        tar.add(new TarEntry("m", 0644, 9216, 0), new byte[9216]);
        assertEquals(20480, tar.finish());
    }

    @Test
    void a_name_of_100_bytes_fits_ustar_and_a_longer_or_non_ascii_one_travels_in_a_pax_path_record() throws IOException {
        String hundred = "d/" + "n".repeat(98);
        String longer = "d/" + "l".repeat(200);
        String unicode = "d/été/日本/😀.txt";
        tar.add(new TarEntry(hundred, 0644, 1, 5), new byte[] {1});
        int afterFirst = bytes.size();
        tar.add(new TarEntry(longer, 0644, 1, 5), new byte[] {2});
        tar.add(new TarEntry(unicode, 0644, 1, 5), new byte[] {3});
        tar.finish();
        byte[] all = bytes.toByteArray();
        assertEquals('0', (char) all[156], "no pax header for a name that fits");
        assertEquals(1024, afterFirst);
        assertEquals('x', (char) all[afterFirst + 156], "a pax header before the long name");
        String records = new String(all, afterFirst + 512, 512, StandardCharsets.UTF_8);
        assertTrue(records.startsWith("212 path=" + longer + "\n"), records);
        TarContents read = TarContents.read(all);
        assertEquals(List.of(hundred, longer, unicode), read.names());
        assertArrayEquals(new byte[] {3}, read.get(unicode).content());
    }

    @Test
    void times_outside_the_octal_field_travel_in_a_pax_mtime_record() throws IOException {
        tar.add(new TarEntry("before-1970", 0644, 0, -86_400L), new byte[0]);
        tar.add(new TarEntry("far-future", 0644, 0, 1L << 40), new byte[0]);
        tar.add(new TarEntry("last-octal", 0644, 0, 077777777777L), new byte[0]);
        tar.finish();
        byte[] all = bytes.toByteArray();
        assertEquals("16 mtime=-86400\n", new String(all, 512, 16, StandardCharsets.US_ASCII));
        TarContents read = TarContents.read(all);
        assertEquals(-86_400L, read.get("before-1970").mtime());
        assertEquals(1L << 40, read.get("far-future").mtime());
        assertEquals(077777777777L, read.get("last-octal").mtime());
        assertEquals('0', (char) all[6 * 512 + 156], "the largest octal time needs no pax header");
    }

    @Test
    void a_channel_shorter_than_announced_is_an_error_not_a_silently_wrong_archive() {
        IOException e = assertThrows(IOException.class, () -> tar.add(new TarEntry("short", 0644, 10, 0),
                Channels.newChannel(new java.io.ByteArrayInputStream(new byte[4]))));
        assertTrue(e.getMessage().contains("short"));
    }

    @Test
    void entries_refuse_what_a_header_cannot_say() {
        assertThrows(IllegalArgumentException.class, () -> new TarEntry("", 0644, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TarEntry("a\0b", 0644, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TarEntry("a", 0100644, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TarEntry("a", 0644, -1, 0));
    }

    static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
