package dev.dlrepo.storage;

import java.nio.file.Path;
import java.util.Set;

/** {@code branches/<branch>/<tag>}. */
public record TagRef(BranchRef branch, Name name) {
    /** Tag names resolved at request time, never real directories. */
    public static final Set<String> ALIASES = Set.of("latest", "stable", "oldstable");

    public boolean isAlias() {
        return ALIASES.contains(name.value());
    }

    public JobRef job(String job) {
        return new JobRef(this, Name.of(job));
    }

    public Path dir(Path root) {
        return branch.dir(root).resolve(name.value());
    }

    public String url() {
        return branch.url() + name + "/";
    }
}
