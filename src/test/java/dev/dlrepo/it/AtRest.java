package dev.dlrepo.it;

import static dev.dlrepo.testing.Eventually.eventually;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A format's {@code .digests} as upstream's tools see it once the format is at rest: the server
 * folds its digests journal into it within a second of the format's last write.
 */
final class AtRest {
    private AtRest() {
    }

    static String digests(Path formatDir) throws IOException {
        eventually(Duration.ofSeconds(15), "the digests journal of " + formatDir + " is folded",
                () -> !Files.exists(formatDir.resolve(".digests.journal")));
        return Files.readString(formatDir.resolve(".digests"));
    }
}
