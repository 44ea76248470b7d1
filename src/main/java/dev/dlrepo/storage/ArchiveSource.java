package dev.dlrepo.storage;

/**
 * One format that goes into an archive, its files named {@code <prefix><path>}: the prefix is
 * empty for a format archive, {@code <format>/} for a job or product-version archive (whose
 * formats are those its links lead to).
 */
public record ArchiveSource(String prefix, FormatRef format) {
    public ArchiveSource {
        if (prefix == null || !(prefix.isEmpty() || prefix.endsWith("/")) || prefix.startsWith("/")) {
            throw new IllegalArgumentException("member prefix must be empty or end with /: " + prefix);
        }
    }
}
