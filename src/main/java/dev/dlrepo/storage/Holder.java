package dev.dlrepo.storage;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A file of a format that holds a blob, as {@link BlobRefs} records it: its path from the data
 * directory's root, {@code branches/<b>/<t>/<j>/<f>/<path>} or {@code users/<u>/branches/...}.
 */
record Holder(FormatRef format, ArtifactPath path) {
    private static final String BRANCHES = "branches/";
    private static final String USERS = "users/";

    /** The holder a recorded line names, if it names one we would serve (a line is never trusted blindly). */
    static Optional<Holder> parse(String line) {
        try {
            Repo repo = Repo.ROOT;
            String rest = line;
            if (rest.startsWith(USERS)) {
                int slash = rest.indexOf('/', USERS.length());
                if (slash < 0) {
                    return Optional.empty();
                }
                repo = Repo.ofUser(new Name(rest.substring(USERS.length(), slash)));
                rest = rest.substring(slash + 1);
            }
            if (!rest.startsWith(BRANCHES)) {
                return Optional.empty();
            }
            String[] parts = rest.substring(BRANCHES.length()).split("/", 5);
            if (parts.length < 5 || !ArtifactPath.valid(parts[4])) {
                return Optional.empty();
            }
            JobRef job = new JobRef(new TagRef(new BranchRef(repo, new Name(parts[0])), new Name(parts[1])),
                    new Name(parts[2]));
            return Optional.of(new Holder(new FormatRef(job, new Name(parts[3])), new ArtifactPath(parts[4])));
        } catch (RuntimeException e) {
            return Optional.empty(); // a name we refuse: not a holder we serve
        }
    }

    /** The format a line names ({@link #formatLine}), if it names one we would serve. */
    static Optional<FormatRef> parseFormat(String line) {
        String probe = "x"; // any valid path: a holder's line is its format's and a path
        return parse(line + "/" + probe).filter(h -> h.path().value().equals(probe)).map(Holder::format);
    }

    /** The holder at a path of the tree, if it is a file of a format. */
    static Optional<Holder> at(Path root, Path file) {
        if (!file.startsWith(root)) {
            return Optional.empty();
        }
        return parse(root.relativize(file).toString());
    }

    Path file(Path root) {
        return path.under(format.dir(root));
    }

    /** Its line in a record: the path from the root. */
    String line() {
        return formatLine(format) + "/" + path.value();
    }

    /** A format's directory as a path from the root, {@code branches/<b>/<t>/<j>/<f>} or {@code users/<u>/branches/...}. */
    static String formatLine(FormatRef format) {
        String repo = format.job().tag().branch().repo().user().map(u -> USERS + u.value() + "/").orElse("");
        return repo + BRANCHES + format.job().tag().branch().name() + "/" + format.job().tag().name() + "/"
                + format.job().name() + "/" + format.name();
    }

    /** Whether a caller who may read the URLs {@code readable} accepts may read this file (its format's URL and its own). */
    boolean readableBy(Predicate<String> readable) {
        return readable.test(format.url()) && readable.test(format.url() + path.value());
    }
}
