package dev.dlrepo.request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The decoding and the lower-casing behind a {@link Target}'s spellings. */
final class Spellings {
    private Spellings() {
    }

    /** Both views of the path, each also with its names lower-cased: all the ACLs must allow. */
    static Set<String> of(String decoded, String normalized) {
        Set<String> out = new LinkedHashSet<>();
        out.add(decoded);
        out.add(normalized);
        out.add(canonical(decoded));
        out.add(canonical(normalized));
        return Collections.unmodifiableSet(out);
    }

    /**
     * Names lower-cased as the API does: every segment of a {@code /branches} URL up to the
     * format (the file path keeps its case), of a {@code /products} URL up to the format, the
     * user of {@code /~user}; registry names are left alone (the registry is case-sensitive).
     * The space's first word is matched in any case here: a pattern must not miss {@code /BRANCHES}.
     */
    static String canonical(String path) {
        String[] segments = path.split("/", -1);
        int from = 1;
        StringBuilder out = new StringBuilder();
        if (segments.length > 1 && segments[1].startsWith("~")) {
            segments[1] = segments[1].toLowerCase(Locale.ROOT);
            from = 2;
        }
        String space = segments.length > from ? segments[from] : "";
        int names = switch (space.toLowerCase(Locale.ROOT)) {
            case "branches" -> 5;
            case "products" -> 6;
            case "v2" -> 0;
            default -> segments.length;
        };
        for (int i = 1; i < segments.length; i++) {
            out.append('/');
            boolean name = i >= from && i < from + names;
            out.append(name || i < from ? segments[i].toLowerCase(Locale.ROOT) : segments[i]);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /**
     * Percent-decoding of a path, once (no {@code +} for space), strict UTF-8: a truncated or
     * non-hex escape, an invalid or overlong UTF-8 sequence gives nothing.
     */
    static Optional<String> decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
