package dev.dlrepo.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage side of tag retention (cleanup.md §1): the root repository's branches, their
 * {@code .cleanup_policy}, their tags' state, and the deletion of an expired tag. User
 * repositories are never expired, as upstream.
 */
@ApplicationScoped
class Expiry {
    private Tree tree;
    private Locks locks;

    protected Expiry() {
    }

    @Inject
    Expiry(Tree tree, Locks locks) {
        this.tree = tree;
        this.locks = locks;
    }

    public List<BranchRef> branches() {
        List<BranchRef> out = new ArrayList<>();
        for (String b : Browser.children(Repo.ROOT.dir(tree.root()).resolve("branches"))) {
            out.add(new BranchRef(Repo.ROOT, new Name(b)));
        }
        return out;
    }

    /** The branch's policy, read as the listing reads it ({@link CleanupPolicy#read}). */
    public CleanupPolicy policy(BranchRef branch) {
        return CleanupPolicy.read(branch.dir(tree.root()));
    }

    /** Every tag of the branch, in name order. */
    public List<TagState> tags(BranchRef branch) {
        List<TagState> out = new ArrayList<>();
        for (String t : Browser.children(branch.dir(tree.root()))) {
            TagRef ref = new TagRef(branch, new Name(t));
            Path dir = ref.dir(tree.root());
            out.add(new TagState(ref, stamp(dir), Flags.has(dir, Flags.LOCKED), Flags.has(dir, Flags.RELEASED)));
        }
        return out;
    }

    private static Instant stamp(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve(Flags.STAMP), LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * Deletes an expired tag, released or not (upstream un-publishes a released tag first; that
     * is not built here: it is simply deleted). A tag locked since it was listed is kept.
     *
     * @return whether the tag was deleted
     */
    public boolean delete(TagRef tag) {
        // under its formats' locks: no commit or fold runs in the tag while it goes to the trash
        try (Held lock = locks.formatsOf(() -> Subtrees.formats(tree.root(), tag), List.of())) {
            Path dir = tag.dir(tree.root());
            if (!Tree.isDirectory(dir) || Flags.has(dir, Flags.LOCKED)) {
                return false;
            }
            tree.discard(dir);
            return true;
        }
    }

    /**
     * How many names each inode has inside the tag (key: the file key), so that a dry run can
     * tell which blobs deleting it would orphan.
     */
    public Map<Object, Long> namesByInode(TagRef tag) {
        Map<Object, Long> names = new HashMap<>();
        try {
            Walk.regularFiles(tag.dir(tree.root()), Integer.MAX_VALUE, (p, a) -> {
                names.merge(a.fileKey(), 1L, Long::sum);
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
