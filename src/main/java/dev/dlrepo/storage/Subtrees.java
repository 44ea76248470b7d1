package dev.dlrepo.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The formats a job, a tag or a branch holds now, for the locks of its deletion. */
final class Subtrees {
    private Subtrees() {
    }

    static List<FormatRef> formats(Path root, JobRef job) {
        List<FormatRef> out = new ArrayList<>();
        for (String f : Browser.children(job.dir(root))) {
            out.add(new FormatRef(job, new Name(f)));
        }
        return out;
    }

    static List<FormatRef> formats(Path root, TagRef tag) {
        List<FormatRef> out = new ArrayList<>();
        for (String j : Browser.children(tag.dir(root))) {
            out.addAll(formats(root, new JobRef(tag, new Name(j))));
        }
        return out;
    }

    static List<FormatRef> formats(Path root, BranchRef branch) {
        List<FormatRef> out = new ArrayList<>();
        for (String t : Browser.children(branch.dir(root))) {
            out.addAll(formats(root, new TagRef(branch, new Name(t))));
        }
        return out;
    }
}
