package dev.dlrepo.storage;

import java.nio.file.Path;

/**
 * A received body in {@code .uploads}, verified against its digest. Closing it removes the
 * upload name: after publication the bytes live on as the blob, otherwise they are dropped.
 */
record Staged(Path file, Digest digest, long size) implements AutoCloseable {
    /** One {@code unlink} ({@code Files.deleteIfExists} asks {@code lstat} first); a name left behind is swept as a stale upload. */
    @Override
    public void close() {
        file.toFile().delete();
    }
}
