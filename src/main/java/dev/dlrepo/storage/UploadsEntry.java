package dev.dlrepo.storage;

import java.nio.file.Path;

/**
 * A file of {@code .uploads} as the scrub reports it: a body or copy of its own ({@code blobName}
 * false: {@code bytes} are its own) or a second name of a blob ({@code bytes}: the blob's, which it
 * keeps from being reclaimed); in use by a live request, or left over by a crash.
 */
public record UploadsEntry(Path file, boolean blobName, long bytes, boolean inUse) {
}
