package dev.dlrepo.storage;

import java.nio.file.Path;

/** {@code branches/<branch>} of a repository. */
public record BranchRef(Repo repo, Name name) {
    public static BranchRef of(Repo repo, String branch) {
        return new BranchRef(repo, Name.of(branch));
    }

    public TagRef tag(String tag) {
        return new TagRef(this, Name.of(tag));
    }

    public Path dir(Path root) {
        return repo.dir(root).resolve("branches").resolve(name.value());
    }

    public String url() {
        return repo.urlPrefix() + "/branches/" + name + "/";
    }
}
