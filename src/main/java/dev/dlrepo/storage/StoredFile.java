package dev.dlrepo.storage;

import java.nio.file.Path;
import java.util.Optional;

/** A file ready to be served: where it is, how big, when last changed, and its digest if known. */
public record StoredFile(Path path, long size, long lastModifiedMillis, Optional<Digest> digest) {
}
