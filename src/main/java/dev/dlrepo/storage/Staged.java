package dev.dlrepo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A received body in {@code .uploads}, verified against its digest. Closing it removes the
 * upload name: after publication the bytes live on as the blob, otherwise they are dropped.
 */
public record Staged(Path file, Digest digest, long size) implements AutoCloseable {
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
