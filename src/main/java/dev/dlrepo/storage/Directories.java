package dev.dlrepo.storage;

import dev.dlrepo.error.BadRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The directory chain of a format (branch, tag, job, format), made on the way of a write. */
final class Directories {
    private final Tree tree;

    Directories(Tree tree) {
        this.tree = tree;
    }

    /** Creates the directory chain; a tag or job gets its {@code .stamp} when it is created. */
    Path create(FormatRef ref) throws IOException {
        Path dir = ref.dir(tree.root());
        refuseSymlinksTo(tree.root(), ref);
        if (Tree.isDirectory(dir)) {
            return dir; // the usual case: its job and tag exist, with their stamps
        }
        createJob(ref.job());
        mkdir(dir);
        return dir;
    }

    /** Creates a job (and its tag and branch) if missing, with their {@code .stamp}s; its directory. */
    Path createJob(JobRef job) {
        TagRef tag = job.tag();
        Path root = tree.root();
        try {
            Tree.createDirectories(tag.branch().dir(root));
            if (mkdir(tag.dir(root))) {
                stamp(tag.dir(root));
            }
            if (mkdir(job.dir(root))) {
                stamp(job.dir(root));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return job.dir(root);
    }

    private static boolean mkdir(Path dir) throws IOException {
        if (Tree.isDirectory(dir)) {
            return false; // the usual case: no exception to build on the hot path
        }
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (!Tree.isDirectory(dir)) {
                throw new BadRequest(dir.getFileName().toString());
            }
            return false;
        }
    }

    private static void stamp(Path dir) throws IOException {
        Flags.set(dir, Flags.STAMP);
    }

    /**
     * A format reached through a symbolic link (a user's directory, {@code branches}, a branch,
     * tag or job, or the format itself, made by hand or by a script: no request makes one) could
     * be anywhere: refused as {@link #refuseSymlinks} refuses one below it. One {@code lstat} per
     * level; a level that does not exist yet is no link.
     */
    static void refuseSymlinksTo(Path root, FormatRef ref) {
        JobRef job = ref.job();
        TagRef tag = job.tag();
        BranchRef branch = tag.branch();
        Path repo = branch.repo().dir(root);
        if (!repo.equals(root) && (Files.isSymbolicLink(repo.getParent()) || Files.isSymbolicLink(repo))) {
            throw new BadRequest(ref.url());
        }
        for (Path level : new Path[] {repo.resolve("branches"), branch.dir(root), tag.dir(root), job.dir(root), ref.dir(root)}) {
            if (Files.isSymbolicLink(level)) {
                throw new BadRequest(ref.url());
            }
        }
    }

    /**
     * A path through a symbolic link could leave the tree: refused (none are created by us). Only
     * the directories on the way are checked: the last name is replaced, never followed ({@code
     * link()} and {@code rename()} act on the name itself), and it is usually new, which the JDK
     * would answer with an exception.
     */
    static void refuseSymlinks(Path formatDir, ArtifactPath path) {
        Path p = formatDir;
        Path names = Path.of(path.value());
        for (int i = 0; i < names.getNameCount() - 1; i++) {
            p = p.resolve(names.getName(i));
            if (Files.isSymbolicLink(p)) {
                throw new BadRequest(path.value());
            }
        }
    }
}
