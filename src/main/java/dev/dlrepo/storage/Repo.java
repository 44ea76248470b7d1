package dev.dlrepo.storage;

import java.nio.file.Path;
import java.util.Optional;

/** A repository: the main one at the data directory's root, or a user's under {@code users/<user>/}. */
public record Repo(Optional<Name> user) {
    public static final Repo ROOT = new Repo(Optional.empty());

    public static Repo ofUser(Name user) {
        return new Repo(Optional.of(user));
    }

    public Path dir(Path root) {
        return user.map(u -> root.resolve("users").resolve(u.value())).orElse(root);
    }

    /** URL prefix of this repository's API, {@code ""} or {@code /~user}. */
    public String urlPrefix() {
        return user.map(u -> "/~" + u.value()).orElse("");
    }
}
