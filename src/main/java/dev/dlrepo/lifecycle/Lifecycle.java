package dev.dlrepo.lifecycle;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.NotAllowed;
import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.CleanupPolicy;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.States;
import dev.dlrepo.storage.TagRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What happens to jobs, tags and branches besides their files: metadata and the products view,
 * job locks and fingerprints, internal jobs, tag flags, retention policies, deletes that take
 * the products view along, and the tag aliases. The rules are here; the files are written by
 * {@link States} (small files replaced atomically, under the job's, its formats' and the products'
 * locks) and deletes go through {@link Repository}. Validates everything before it writes.
 */
@ApplicationScoped
public class Lifecycle {
    private States states;
    private Repository repository;

    protected Lifecycle() {
    }

    @Inject
    public Lifecycle(States states, Repository repository) {
        this.states = states;
        this.repository = repository;
    }

    /** PATCH job: merges metadata (creating the job if needed) and relinks the products view. */
    public void patchMetadata(JobRef job, Map<String, Object> patch) {
        refuseAliasWrite(job.tag());
        states.withJobLock(job, () -> {
            if (states.locked(job)) {
                throw new BadRequest("Job is locked");
            }
            Metadata current = Metadata.of(states.metadata(job));
            Metadata next = current.merge(patch);
            states.createJob(job);
            applyMetadata(job, current, next);
        });
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
        if (!states.exists(job)) {
            throw new NotFound();
        }
        // every format's lock with the job's, once no finalize of one runs its command (a format
        // appearing meanwhile gets its lock taken too)
        states.withJobAndFormatsLocked(job, () -> applyJobFlags(job, internal, locked));
    }

    private void applyJobFlags(JobRef job, Optional<Boolean> internal, Optional<Boolean> locked) {
        boolean isLocked = states.locked(job);
        if (internal.isPresent()) {
            if (isLocked) {
                throw new BadRequest("Job is locked");
            }
            states.setInternal(job, internal.get());
        }
        if (locked.isEmpty() || locked.get() == isLocked) {
            return;
        }
        if (!locked.get()) {
            states.unlock(job);
            return;
        }
        List<FormatRef> formats = states.formatsOf(job);
        for (FormatRef f : formats) {
            if (states.dirty(f)) {
                throw new BadRequest("Job has dirty formats");
            }
        }
        Metadata metadata = Metadata.of(states.metadata(job));
        applyMetadata(job, metadata, metadata);
        states.lock(job, Fingerprint.of(states, job));
    }

    /** Writes {@code .metadata} and moves the job's product links from the old version to the new. */
    private void applyMetadata(JobRef job, Metadata current, Metadata next) {
        Repo repo = job.tag().branch().repo();
        Optional<ProductVersion> target = next.productVersion(repo);
        Optional<ProductVersion> before = current.productVersion(repo);
        // refuse a conflicting link before anything changes
        target.ifPresent(v -> states.checkProductLinks(job, v));
        states.unlinkProduct(job, before);
        states.writeMetadata(job, next.bytes());
        target.ifPresent(v -> states.linkProduct(job, v));
    }

    /** POST tag: {@code released}, {@code locked}, {@code stable}, {@code description}, in that order. */
    public void setTagFlags(TagRef tag, Map<String, Object> body) {
        if (tag.isAlias()) {
            throw new NotAllowed("GET", "HEAD");
        }
        if (!states.exists(tag)) {
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
        states.withTagLock(tag, () -> {
            locked.ifPresent(v -> states.setLocked(tag, v));
            stable.ifPresent(v -> states.setStable(tag, v));
            if (description instanceof String text) {
                String trimmed = text.strip();
                states.setDescription(tag, trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed));
            }
        });
    }

    /** POST branch: the retention policy; a missing key keeps its value. */
    public void setCleanupPolicy(BranchRef branch, Map<String, Object> body) {
        if (!states.exists(branch)) {
            throw new NotFound();
        }
        Optional<Long> daily = count(body, "max_daily_tags");
        Optional<Long> released = count(body, "max_released_tags");
        states.withBranchLock(branch, () -> {
            CleanupPolicy current = states.policy(branch);
            states.writePolicy(branch, new CleanupPolicy(daily.orElse(current.maxDailyTags()),
                    released.orElse(current.maxReleasedTags())));
        });
    }

    /** DELETE job: its product links first, then the job (no lock check, as upstream). */
    public void deleteJob(JobRef job) {
        if (job.tag().isAlias()) {
            throw new NotAllowed("GET");
        }
        repository.deleteJob(job, () -> states.unlinkProduct(job, productOf(job)));
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
        List<TagRef> tags = states.tags(branch);
        tags.forEach(repository::checkDeletable);
        unlinkJobs(tags);
        repository.deleteBranch(branch);
    }

    /**
     * The tag an alias ({@code latest}, {@code stable}, {@code oldstable}) stands for among the
     * tags the caller may read ({@code readable} is asked with each tag's URL).
     */
    public Optional<TagRef> aliasOf(TagRef alias, Predicate<String> readable) {
        return Aliases.tag(states, alias, readable);
    }

    private void unlinkJobs(List<TagRef> tags) {
        for (TagRef tag : tags) {
            for (JobRef job : states.jobs(tag)) {
                states.withJobLock(job, () -> states.unlinkProduct(job, productOf(job)));
            }
        }
    }

    private Optional<ProductVersion> productOf(JobRef job) {
        return Metadata.of(states.metadata(job)).productVersion(job.tag().branch().repo());
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
}
