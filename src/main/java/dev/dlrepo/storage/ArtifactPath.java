package dev.dlrepo.storage;

import dev.dlrepo.error.BadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * The relative path of a file inside a format, case kept. Refused with upstream's 400 (the path
 * as reason) when absolute, with an empty, {@code .} or {@code ..} segment, a control character,
 * an over-long segment, or when it names a file the format itself owns ({@code .digests},
 * {@code .dirty}, {@code .internal}, and ours, {@code .digests.journal}). Other names starting
 * with a dot stay allowed: ISO trees and package repositories carry such files
 * ({@code .treeinfo}, {@code .discinfo}).
 */
public record ArtifactPath(String value) {
    public static final Set<String> RESERVED = Set.of(".digests", ".dirty", ".internal", ".digests.journal");
    static final int MAX_BYTES = 4096;

    public ArtifactPath {
        if (!valid(value)) {
            throw new BadRequest(value == null ? "None" : value);
        }
    }

    public static boolean valid(String value) {
        if (value == null || value.isEmpty() || value.startsWith("/") || value.endsWith("/")
                || value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        String[] segments = value.split("/", -1);
        if (RESERVED.contains(segments[0])) {
            return false;
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.getBytes(StandardCharsets.UTF_8).length > Name.MAX_BYTES) {
                return false;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    return false;
                }
            }
        }
        return true;
    }

    public Path under(Path formatDir) {
        return formatDir.resolve(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
