package dev.dlrepo.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A format's {@code .digests} as upstream's tools see it once the format is at rest: the server
 * folds its digests journal into it within a second of the format's last write.
 */
final class AtRest {
    private static final long WAIT_MILLIS = 15_000;

    private AtRest() {
    }

    static String digests(Path formatDir) throws IOException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (Files.exists(formatDir.resolve(".digests.journal"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the digests journal of " + formatDir + " was never folded");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return Files.readString(formatDir.resolve(".digests"));
    }
}
