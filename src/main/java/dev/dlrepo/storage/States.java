package dev.dlrepo.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The door into the state of jobs, tags and branches and into the products view: the small files
 * beside the artifacts ({@code .locked}, {@code .internal}, {@code .stable}, {@code .released},
 * {@code .stamp}, {@code .metadata}, {@code .digest}, {@code .description}, {@code .cleanup_policy}),
 * the product links, and the locks under which they change. The lifecycle feature decides what
 * may change and when (what may be locked, the fingerprint, the metadata's rules); every file
 * system call for it is here. Small files are replaced atomically (staged, renamed).
 */
@ApplicationScoped
public class States {
    private Tree tree;
    private Locks locks;
    private Formats formats;
    private Browser browser;
    private ProductLinks links;

    protected States() {
    }

    @Inject
    States(Tree tree, Locks locks, Formats formats, Browser browser) {
        this.tree = tree;
        this.locks = locks;
        this.formats = formats;
        this.browser = browser;
        this.links = new ProductLinks(tree.root());
    }

    // --- locks: each action runs with the locks taken, in stripe order, across processes

    /** Runs {@code action} holding the job's lock and its repository's products view's. */
    public void withJobLock(JobRef job, Runnable action) {
        try (Held held = locks.job(job)) {
            action.run();
        }
    }

    /**
     * Runs {@code action} holding the job's lock, the products view's and every format's of the
     * job, once no finalize of one of them runs its command: no upload lands in the job meanwhile.
     */
    public void withJobAndFormatsLocked(JobRef job, Runnable action) {
        try (Held held = locks.jobAndFormats(job, () -> formatsOf(job))) {
            action.run();
        }
    }

    public void withTagLock(TagRef tag, Runnable action) {
        try (Held held = locks.tag(tag)) {
            action.run();
        }
    }

    public void withBranchLock(BranchRef branch, Runnable action) {
        try (Held held = locks.branch(branch)) {
            action.run();
        }
    }

    // --- what exists

    public boolean exists(BranchRef branch) {
        return Tree.isDirectory(branch.dir(tree.root()));
    }

    public boolean exists(TagRef tag) {
        return Tree.isDirectory(tag.dir(tree.root()));
    }

    public boolean exists(JobRef job) {
        return Tree.isDirectory(job.dir(tree.root()));
    }

    /** The tags of a branch, in name order. */
    public List<TagRef> tags(BranchRef branch) {
        return Browser.children(branch.dir(tree.root())).stream().map(t -> new TagRef(branch, new Name(t))).toList();
    }

    /** The jobs of a tag, in name order. */
    public List<JobRef> jobs(TagRef tag) {
        return Browser.children(tag.dir(tree.root())).stream().map(j -> new JobRef(tag, new Name(j))).toList();
    }

    /** The formats of a job, in name order. */
    public List<FormatRef> formatsOf(JobRef job) {
        return Browser.children(job.dir(tree.root())).stream().map(f -> new FormatRef(job, new Name(f))).toList();
    }

    /** Creates a job (and its tag and branch) if missing, with their {@code .stamp}s. */
    public void createJob(JobRef job) {
        formats.createJob(job);
    }

    /** Whether a format is internal by name ({@code DLREPO_INTERNAL_FORMATS}). */
    public boolean isInternal(FormatRef format) {
        return browser.isInternal(format.name());
    }

    // --- flags

    public boolean locked(JobRef job) {
        return Flags.has(job.dir(tree.root()), Flags.LOCKED);
    }

    public boolean released(JobRef job) {
        return Flags.has(job.dir(tree.root()), Flags.RELEASED);
    }

    public boolean dirty(FormatRef format) {
        return Flags.has(format.dir(tree.root()), Flags.DIRTY);
    }

    public boolean locked(TagRef tag) {
        return Flags.has(tag.dir(tree.root()), Flags.LOCKED);
    }

    public boolean stable(TagRef tag) {
        return Flags.has(tag.dir(tree.root()), Flags.STABLE);
    }

    /** A tag's creation time ({@code .stamp} mtime) as float seconds, 0 when it has none. */
    public double timestamp(TagRef tag) {
        return Flags.timestamp(tag.dir(tree.root()));
    }

    public void setInternal(JobRef job, boolean internal) {
        Flags.put(job.dir(tree.root()), Flags.INTERNAL, internal);
    }

    /**
     * Locks a job: every format's journal folded (a locked job's tree is upstream's), its
     * fingerprint written to {@code .digest}, then the {@code .locked} flag.
     */
    public void lock(JobRef job, String fingerprint) {
        formatsOf(job).forEach(formats::fold);
        Path dir = job.dir(tree.root());
        tree.writeAtomically(dir.resolve(".digest"), fingerprint.getBytes(StandardCharsets.US_ASCII));
        Flags.put(dir, Flags.LOCKED, true);
    }

    /** Unlocks a job ({@code .digest} stays, as upstream leaves it). */
    public void unlock(JobRef job) {
        Flags.put(job.dir(tree.root()), Flags.LOCKED, false);
    }

    public void setLocked(TagRef tag, boolean locked) {
        Flags.put(tag.dir(tree.root()), Flags.LOCKED, locked);
    }

    public void setStable(TagRef tag, boolean stable) {
        Flags.put(tag.dir(tree.root()), Flags.STABLE, stable);
    }

    /** Writes a tag's {@code .description} (one line), or removes it when empty. */
    public void setDescription(TagRef tag, Optional<String> text) {
        Path file = tag.dir(tree.root()).resolve(".description");
        if (text.isEmpty()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            tree.writeAtomically(file, (text.get() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    // --- files of a job, for its metadata and its fingerprint

    /** A job's {@code .metadata} as JSON values; missing or invalid reads as empty. */
    public Map<String, Object> metadata(JobRef job) {
        return Flags.jsonObject(job.dir(tree.root()).resolve(".metadata"));
    }

    /** The bytes of a job's {@code .metadata}, empty when it has none. */
    public byte[] metadataBytes(JobRef job) {
        return Flags.bytes(job.dir(tree.root()).resolve(".metadata"));
    }

    public void writeMetadata(JobRef job, byte[] json) {
        tree.writeAtomically(job.dir(tree.root()).resolve(".metadata"), json);
    }

    /**
     * The bytes of a format's {@code .digests} once its journal is folded into it: exactly
     * upstream's file (empty when it has none).
     */
    public byte[] foldedDigests(FormatRef format) {
        formats.fold(format);
        return Flags.bytes(format.dir(tree.root()).resolve(".digests"));
    }

    /**
     * The names of the regular files below {@code dir} of a format, at most {@code depth} levels
     * down, sorted; empty when {@code dir} is not a directory.
     */
    public Optional<List<String>> fileNames(FormatRef format, String dir, int depth) {
        Path under = format.dir(tree.root()).resolve(dir);
        if (!Files.isDirectory(under)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Walk.regularFiles(under, depth).stream().map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- branches

    /** The branch's retention policy, as the listing and the retention read it. */
    public CleanupPolicy policy(BranchRef branch) {
        return browser.policy(branch);
    }

    /** Writes {@code .cleanup_policy} as upstream does ({@code {"max_daily_tags": n, "max_released_tags": m}}). */
    public void writePolicy(BranchRef branch, CleanupPolicy policy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("max_daily_tags", policy.maxDailyTags());
        json.put("max_released_tags", policy.maxReleasedTags());
        tree.writeAtomically(branch.dir(tree.root()).resolve(".cleanup_policy"),
                PyJson.encode(json).getBytes(StandardCharsets.US_ASCII));
    }

    // --- the products view (changes: under withJobLock of the job)

    /** 400 if a format name of the job is already linked in the version to another job's format. */
    public void checkProductLinks(JobRef job, ProductVersion version) {
        links.check(job, version);
    }

    /** Links every format of the job into its version, and the job's {@code .product} link back. */
    public void linkProduct(JobRef job, ProductVersion version) {
        links.link(job, version);
    }

    /**
     * Removes the job's links from the version it is linked to (by {@code .product}, else by
     * {@code byMetadata}), dangling links with them; an emptied version goes, with its empty parents.
     */
    public void unlinkProduct(JobRef job, Optional<ProductVersion> byMetadata) {
        links.unlink(job, byMetadata);
    }

    /**
     * A step of the full cleanup: removes the product links whose job retention deleted, in the
     * main tree and every user's, with the versions (and parents) left empty.
     */
    public void dropDanglingProductLinks() {
        links.dropDanglingEverywhere(locks);
    }

    /**
     * The directories under {@code products/} of a repository below {@code names} (none:
     * products; one: a product's variants; two: product branches; three: versions), in name
     * order; empty if there is no such directory.
     */
    public List<String> productChildren(Repo repo, List<Name> names) {
        return Browser.children(links.dir(repo, names));
    }

    /** Whether {@code products/<names...>} is a directory of the repository. */
    public boolean productExists(Repo repo, List<Name> names) {
        return Tree.isDirectory(links.dir(repo, names));
    }

    public boolean exists(ProductVersion version) {
        return Tree.isDirectory(version.dir(tree.root()));
    }

    /** The names in a version that may be format links, in order. */
    public List<Name> productNames(ProductVersion version) {
        return links.names(version);
    }

    /** The format a version's link names, if it leads to a format of the same repository. */
    public Optional<FormatRef> productTarget(ProductVersion version, Name format) {
        return links.target(version, format);
    }

    /** A version's creation time ({@code .stamp} mtime) as float seconds, 0 when it has none. */
    public double timestamp(ProductVersion version) {
        return Flags.timestamp(version.dir(tree.root()));
    }
}
