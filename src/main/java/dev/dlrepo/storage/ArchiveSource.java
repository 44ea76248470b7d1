package dev.dlrepo.storage;

import java.nio.file.Path;

/**
 * One format directory that goes into an archive, its files named {@code <prefix><path>}: the
 * prefix is empty for a format archive, {@code <format>/} for a job or product-version archive.
 * The directory may be reached through a symbolic link (a product version's formats are).
 */
public record ArchiveSource(String prefix, Path formatDir) {
    public ArchiveSource {
        if (prefix == null || !(prefix.isEmpty() || prefix.endsWith("/")) || prefix.startsWith("/")) {
            throw new IllegalArgumentException("member prefix must be empty or end with /: " + prefix);
        }
    }
}
