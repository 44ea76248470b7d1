package dev.dlrepo.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A format's {@code .digests} and the regular files found on disk, read under its lock. */
public record FormatContents(Path dir, Map<String, String> digests, List<String> onDisk) {
}
