package dev.dlrepo.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The header blocks of one member: a ustar block, preceded by a pax extended header when a value
 * does not fit ustar (a name longer than 100 bytes or not ASCII, a size of 8 GiB or more, a time
 * before 1970 or after 2242). Laid out as Python's {@code tarfile} writes {@code PAX_FORMAT}, so
 * upstream's archives and ours read the same in any tar.
 */
final class TarHeader {
    static final int BLOCK = 512;
    /** The largest value of an 11-digit octal field (size, mtime): 8 GiB - 1. */
    static final long MAX_OCTAL_11 = 077777777777L;
    private static final int NAME_LENGTH = 100;
    private static final String PAX_NAME = "././@PaxHeader";

    private TarHeader() {
    }

    static byte[] of(TarEntry entry) {
        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        boolean longOrUnicode = name.length > NAME_LENGTH || name.length != entry.name().length();
        boolean bigSize = entry.size() > MAX_OCTAL_11;
        boolean oddTime = entry.mtime() < 0 || entry.mtime() > MAX_OCTAL_11;
        if (!longOrUnicode && !bigSize && !oddTime) {
            return ustar(name, entry.mode(), entry.size(), entry.mtime(), '0');
        }
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        if (longOrUnicode) {
            record(records, "path", entry.name());
        }
        if (bigSize) {
            record(records, "size", Long.toString(entry.size()));
        }
        if (oddTime) {
            record(records, "mtime", Long.toString(entry.mtime()));
        }
        byte[] pax = records.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(3 * BLOCK + pax.length);
        out.writeBytes(ustar(PAX_NAME.getBytes(StandardCharsets.US_ASCII), 0, pax.length, 0, 'x'));
        out.writeBytes(pax);
        out.writeBytes(new byte[padding(pax.length)]);
        // the ustar fields a reader without pax support falls back to: never wrong, only short
        byte[] fallback = longOrUnicode ? asciiFallback(entry.name()) : name;
        out.writeBytes(ustar(fallback, entry.mode(), bigSize ? 0 : entry.size(), oddTime ? 0 : entry.mtime(), '0'));
        return out.toByteArray();
    }

    /** Zero bytes that complete {@code length} bytes of content to whole blocks. */
    static int padding(long length) {
        int rest = (int) (length % BLOCK);
        return rest == 0 ? 0 : BLOCK - rest;
    }

    /** {@code "<length> <key>=<value>\n"}, where the length counts its own digits. */
    private static void record(ByteArrayOutputStream out, String key, String value) {
        byte[] body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
        int length = body.length + Integer.toString(body.length).length();
        if (Integer.toString(length).length() > Integer.toString(body.length).length()) {
            length++;
        }
        out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
    }

    /** Non-ASCII characters as {@code ?}, cut to the field, as Python's tarfile does. */
    private static byte[] asciiFallback(String name) {
        byte[] out = new byte[Math.min(name.length(), NAME_LENGTH)];
        int n = 0;
        for (int i = 0; i < name.length() && n < out.length; i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length()) {
                i++; // one character, one replacement
            }
            out[n++] = (byte) (c < 0x80 ? c : '?');
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static byte[] ustar(byte[] name, int mode, long size, long mtime, char type) {
        byte[] block = new byte[BLOCK];
        System.arraycopy(name, 0, block, 0, Math.min(name.length, NAME_LENGTH));
        octal(block, 100, 8, mode);
        octal(block, 108, 8, 0); // uid: the server's accounts are nobody's business
        octal(block, 116, 8, 0); // gid
        octal(block, 124, 12, size);
        octal(block, 136, 12, mtime);
        block[156] = (byte) type;
        ascii(block, 257, "ustar\0");
        ascii(block, 263, "00");
        octal(block, 329, 8, 0); // devmajor
        octal(block, 337, 8, 0); // devminor
        // the checksum is computed with its own field read as eight spaces
        ascii(block, 148, "        ");
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        ascii(block, 148, String.format("%06o", sum));
        block[154] = 0;
        block[155] = ' ';
        return block;
    }

    /** Zero-padded octal digits filling the field but its last byte, which stays NUL. */
    private static void octal(byte[] block, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        ascii(block, offset, padded);
    }

    private static void ascii(byte[] block, int offset, String s) {
        for (int i = 0; i < s.length(); i++) {
            block[offset + i] = (byte) s.charAt(i);
        }
    }
}
