package dev.dlrepo.storage;

import java.nio.file.Path;
import java.util.Set;

/**
 * A command run on a format when it is finalized (e.g. signing packages). The store decides
 * nothing about commands; it guarantees that while one runs, every file of the format is a
 * private copy, and that afterwards every file is a hard link of the blob of its content again.
 */
public interface PostProcess {
    /** Whether to run for a format holding these paths (the configured filter). */
    boolean appliesTo(Set<String> paths);

    /** Runs in the format directory; a failure is reported, never thrown. */
    Outcome run(Path formatDir);

    /**
     * Ends what commands of a dead server were left running (a crash), before the store links
     * their formats' files to blobs again: called when the server starts.
     */
    default void endLeftovers() {
    }

    /** How the command ended: {@code detail} says why it failed and carries its output. */
    record Outcome(boolean succeeded, String detail) {
        public static Outcome success(String output) {
            return new Outcome(true, output);
        }

        public static Outcome failure(String detail) {
            return new Outcome(false, detail);
        }
    }

    /** No command configured: finalizing only clears the dirty flag. */
    PostProcess NONE = new PostProcess() {
        @Override
        public boolean appliesTo(Set<String> paths) {
            return false;
        }

        @Override
        public Outcome run(Path formatDir) {
            return Outcome.success("");
        }
    };
}
