package dev.dlrepo.lifecycle;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.NotAllowed;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.CleanupPolicy;
import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.Browser;
import dev.dlrepo.storage.Flags;
import dev.dlrepo.storage.Formats;
import dev.dlrepo.storage.Held;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.Locks;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.TagRef;
import dev.dlrepo.storage.Tree;
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

/**
 * What happens to jobs, tags and branches besides their files: metadata and the products view,
 * job locks and fingerprints, internal jobs, tag flags, retention policies, and deletes that take
 * the products view along. Validates everything before it writes; writes small files atomically;
 * holds the job's (and its formats', and the products') locks while it changes them.
 */
@ApplicationScoped
public class Lifecycle {
    private Tree tree;
    private Locks locks;
    private Formats formats;
    private Browser browser;
    private Repository repository;
    private ProductLinks links;

    protected Lifecycle() {
    }

    @Inject
    public Lifecycle(Tree tree, Locks locks, Formats formats, Browser browser, Repository repository) {
        this.tree = tree;
        this.locks = locks;
        this.formats = formats;
        this.browser = browser;
        this.repository = repository;
        this.links = new ProductLinks(tree.root());
    }

    /** PATCH job: merges metadata (creating the job if needed) and relinks the products view. */
    public void patchMetadata(JobRef job, Map<String, Object> patch) {
        refuseAliasWrite(job.tag());
        Path dir = job.dir(tree.root());
        try (Held lock = locks.all(List.of(key(job), productsKey(job.tag().branch().repo())))) {
            if (Flags.has(dir, Flags.LOCKED)) {
                throw new BadRequest("Job is locked");
            }
            Metadata current = Metadata.read(dir);
            Metadata next = current.merge(patch);
            formats.createJob(job);
            applyMetadata(job, current, next);
        }
    }

    /**
     * PUT (and POST) job: {@code internal} first, then {@code locked}. Locking refuses dirty
     * formats, re-applies the metadata, writes the fingerprint, then the flag; unlocking is POST only.
     */
    public void setJobFlags(JobRef job, Map<String, Object> body, boolean post) {
        refuseAliasWrite(job.tag());
        Optional<Boolean> internal = bool(body, "internal", "Invalid parameters");
        Optional<Boolean> locked = bool(body, "locked", "Invalid parameters");
        if (locked.isPresent() && !locked.get() && !post) {
            throw new BadRequest("Invalid parameters"); // upstream 0.44: unlocking is a POST
        }
        Path dir = job.dir(tree.root());
        if (!Tree.isDirectory(dir)) {
            throw new NotFound();
        }
        // every format's lock with the job's, once no finalize of one runs its command (a format
        // appearing meanwhile gets its lock taken too)
        try (Held lock = locks.formatsOf(() -> Browser.children(dir).stream().map(job::format).toList(),
                List.of(key(job), productsKey(job.tag().branch().repo())))) {
            applyJobFlags(job, dir, Browser.children(dir), internal, locked);
        }
    }

    private void applyJobFlags(JobRef job, Path dir, List<String> formatNames, Optional<Boolean> internal,
            Optional<Boolean> locked) {
        boolean isLocked = Flags.has(dir, Flags.LOCKED);
        if (internal.isPresent()) {
            if (isLocked) {
                throw new BadRequest("Job is locked");
            }
            flag(dir, Flags.INTERNAL, internal.get());
        }
        if (locked.isEmpty() || locked.get() == isLocked) {
            return;
        }
        if (!locked.get()) {
            flag(dir, Flags.LOCKED, false);
            return;
        }
        for (String f : formatNames) {
            if (Flags.has(dir.resolve(f), Flags.DIRTY)) {
                throw new BadRequest("Job has dirty formats");
            }
        }
        formatNames.forEach(f -> formats.fold(job.format(f))); // the fingerprint hashes upstream's .digests
        Metadata metadata = Metadata.read(dir);
        applyMetadata(job, metadata, metadata);
        String fingerprint = Fingerprint.of(dir, f -> browser.isInternal(Name.of(f)));
        tree.writeAtomically(dir.resolve(".digest"), fingerprint.getBytes(StandardCharsets.US_ASCII));
        flag(dir, Flags.LOCKED, true);
    }

    /** Writes {@code .metadata} and moves the job's product links from the old version to the new. */
    private void applyMetadata(JobRef job, Metadata current, Metadata next) {
        Repo repo = job.tag().branch().repo();
        Optional<ProductVersion> target = next.productVersion(repo);
        Optional<ProductVersion> before = current.productVersion(repo);
        // refuse a conflicting link before anything changes
        target.ifPresent(v -> links.check(job, v));
        links.unlink(job, before);
        tree.writeAtomically(job.dir(tree.root()).resolve(".metadata"), next.bytes());
        target.ifPresent(v -> links.link(job, v));
    }

    /** POST tag: {@code released}, {@code locked}, {@code stable}, {@code description}, in that order. */
    public void setTagFlags(TagRef tag, Map<String, Object> body) {
        if (tag.isAlias()) {
            throw new NotAllowed("GET", "HEAD");
        }
        Path dir = tag.dir(tree.root());
        if (!Tree.isDirectory(dir)) {
            throw new NotFound();
        }
        Optional<Boolean> released = bool(body, "released", "invalid parameters");
        Optional<Boolean> locked = bool(body, "locked", "invalid parameters");
        Optional<Boolean> stable = bool(body, "stable", "invalid parameters");
        Object description = body.get("description");
        if (body.containsKey("description") && !(description instanceof String)) {
            throw new BadRequest("invalid parameters");
        }
        if (released.isPresent()) {
            // publishing to other servers is not built: upstream's answer when it is not configured
            throw new DlrepoException(421, "DLREPO_PUBLISH_URL is undefined");
        }
        try (Held lock = locks.all(List.of(key(tag)))) {
            locked.ifPresent(v -> flag(dir, Flags.LOCKED, v));
            stable.ifPresent(v -> flag(dir, Flags.STABLE, v));
            if (description instanceof String text) {
                String trimmed = text.strip();
                Path file = dir.resolve(".description");
                if (trimmed.isEmpty()) {
                    delete(file);
                } else {
                    tree.writeAtomically(file, (trimmed + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** POST branch: the retention policy; a missing key keeps its value. */
    public void setCleanupPolicy(BranchRef branch, Map<String, Object> body) {
        Path dir = branch.dir(tree.root());
        if (!Tree.isDirectory(dir)) {
            throw new NotFound();
        }
        Optional<Long> daily = count(body, "max_daily_tags");
        Optional<Long> released = count(body, "max_released_tags");
        try (Held lock = locks.all(List.of(key(branch)))) {
            CleanupPolicy current = browser.policy(branch);
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("max_daily_tags", daily.orElse(current.maxDailyTags()));
            policy.put("max_released_tags", released.orElse(current.maxReleasedTags()));
            tree.writeAtomically(dir.resolve(".cleanup_policy"),
                    dev.dlrepo.storage.PyJson.encode(policy).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** DELETE job: its product links first, then the job (no lock check, as upstream). */
    public void deleteJob(JobRef job) {
        if (job.tag().isAlias()) {
            throw new NotAllowed("GET");
        }
        repository.deleteJob(job, List.of(key(job), productsKey(job.tag().branch().repo())),
                () -> links.unlink(job, productOf(job)));
    }

    /** DELETE tag: refused if locked or released; else every job's links, then the tag. */
    public void deleteTag(TagRef tag) {
        if (tag.isAlias()) {
            throw new NotAllowed("GET", "HEAD");
        }
        repository.checkDeletable(tag);
        unlinkJobs(List.of(tag));
        repository.deleteTag(tag);
    }

    /** DELETE branch: refused if any tag is locked or released (nothing deleted then). */
    public void deleteBranch(BranchRef branch) {
        List<TagRef> tags = Browser.children(branch.dir(tree.root())).stream().map(t -> new TagRef(branch, new Name(t))).toList();
        tags.forEach(repository::checkDeletable);
        unlinkJobs(tags);
        repository.deleteBranch(branch);
    }

    private void unlinkJobs(List<TagRef> tags) {
        for (TagRef tag : tags) {
            for (String name : Browser.children(tag.dir(tree.root()))) {
                JobRef job = new JobRef(tag, new Name(name));
                try (Held lock = locks.all(List.of(key(job), productsKey(tag.branch().repo())))) {
                    links.unlink(job, productOf(job));
                }
            }
        }
    }

    private Optional<ProductVersion> productOf(JobRef job) {
        return Metadata.read(job.dir(tree.root())).productVersion(job.tag().branch().repo());
    }

    private static void refuseAliasWrite(TagRef tag) {
        if (tag.isAlias()) {
            throw new NotAllowed("GET");
        }
    }

    private static Optional<Boolean> bool(Map<String, Object> body, String key, String error) {
        if (!body.containsKey(key)) {
            return Optional.empty();
        }
        if (body.get(key) instanceof Boolean b) {
            return Optional.of(b);
        }
        throw new BadRequest(error);
    }

    /** An integer ≥ 0; a JSON boolean counts as 0/1, as Python's bool is an int. */
    private static Optional<Long> count(Map<String, Object> body, String key) {
        if (!body.containsKey(key)) {
            return Optional.empty();
        }
        Object v = body.get(key);
        long n;
        if (v instanceof Boolean b) {
            n = b ? 1 : 0;
        } else if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            n = ((Number) v).longValue();
        } else {
            throw new BadRequest("invalid parameters");
        }
        if (n < 0) {
            throw new BadRequest("invalid parameters");
        }
        return Optional.of(n);
    }

    private static void flag(Path dir, String flag, boolean on) {
        try {
            if (on) {
                Flags.set(dir, flag);
            } else {
                Flags.clear(dir, flag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(JobRef job) {
        return "job:" + job.url();
    }

    private static String key(TagRef tag) {
        return "tag:" + tag.url();
    }

    private static String key(BranchRef branch) {
        return "branch:" + branch.url();
    }

    private static String productsKey(Repo repo) {
        return ProductLinks.lockKey(repo);
    }
}
