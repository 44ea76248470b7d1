package dev.dlrepo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Whole-store walks over the formats, for the scrub and the first recording of blob holders. */
final class FormatScans {
    private final Tree tree;
    private final Locks locks;

    FormatScans(Tree tree, Locks locks) {
        this.tree = tree;
        this.locks = locks;
    }

    /** Every format of every repository (main and users'), for whole-store checks. */
    List<FormatRef> all() {
        List<FormatRef> out = new ArrayList<>();
        List<Repo> repos = new ArrayList<>(List.of(Repo.ROOT));
        Browser.children(tree.root().resolve("users")).forEach(u -> repos.add(Repo.ofUser(new Name(u))));
        for (Repo repo : repos) {
            Path branches = repo.dir(tree.root()).resolve("branches");
            for (String b : Browser.children(branches)) {
                BranchRef branch = new BranchRef(repo, new Name(b));
                for (String t : Browser.children(branch.dir(tree.root()))) {
                    TagRef tag = new TagRef(branch, new Name(t));
                    for (String j : Browser.children(tag.dir(tree.root()))) {
                        JobRef job = new JobRef(tag, new Name(j));
                        for (String f : Browser.children(job.dir(tree.root()))) {
                            out.add(new FormatRef(job, new Name(f)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The files a format records and the regular files it holds, read under its lock. */
    FormatContents contents(FormatRef ref) {
        Path dir = ref.dir(tree.root());
        try (Held lock = locks.format(ref)) {
            List<String> onDisk = new ArrayList<>();
            for (Path p : PrivateCopies.regularFiles(dir)) {
                onDisk.add(PrivateCopies.relative(dir, p));
            }
            return new FormatContents(dir, DigestsFile.read(dir), onDisk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
