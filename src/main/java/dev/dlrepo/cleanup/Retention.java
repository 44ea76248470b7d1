package dev.dlrepo.cleanup;

import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.CleanupPolicy;
import dev.dlrepo.storage.Maintenance;
import dev.dlrepo.storage.TagState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Tag retention per branch of the root repository (cleanup.md §1): locked tags are neither
 * deleted nor counted; the others are daily or released, each list sorted newest first by
 * {@code .stamp} mtime (missing = oldest); what lies beyond {@code max_daily_tags} /
 * {@code max_released_tags} (when above 0) goes. Equal stamps keep name order (byte order):
 * of two tags created in the same instant, the one whose name sorts first counts as the newer,
 * as a stable sort of upstream's name-ordered listing would have it.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class.getName());
    static final Comparator<TagState> NEWEST_FIRST = Comparator.comparing(TagState::stamp).reversed()
            .thenComparing(t -> t.ref().name().value());
    private Maintenance storage;

    protected Retention() {
    }

    @Inject
    public Retention(Maintenance storage) {
        this.storage = storage;
    }

    /** The tags the policy expires, daily ones first, each list newest first. */
    static List<TagState> expired(List<TagState> tags, CleanupPolicy policy) {
        List<TagState> daily = new ArrayList<>();
        List<TagState> released = new ArrayList<>();
        for (TagState t : tags) {
            if (!t.locked()) {
                (t.released() ? released : daily).add(t);
            }
        }
        List<TagState> out = new ArrayList<>();
        out.addAll(beyond(daily, policy.maxDailyTags()));
        out.addAll(beyond(released, policy.maxReleasedTags()));
        return out;
    }

    private static List<TagState> beyond(List<TagState> tags, long max) {
        if (max <= 0 || tags.size() <= max) {
            return List.of();
        }
        List<TagState> sorted = new ArrayList<>(tags);
        sorted.sort(NEWEST_FIRST);
        return sorted.subList((int) max, sorted.size());
    }

    /** Every tag the policies expire now, branch by branch (branches in name order). */
    List<TagState> plan() {
        List<TagState> out = new ArrayList<>();
        for (BranchRef branch : storage.expirableBranches()) {
            out.addAll(expired(storage.tags(branch), storage.policy(branch)));
        }
        return out;
    }

    /** Deletes the expired tags, logging each as upstream does. */
    void apply(CleanupReport report) {
        int deleted = 0;
        for (TagState tag : plan()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            LOG.info("Deleting " + (tag.released() ? "released" : "daily") + " tag "
                    + tag.ref().branch().name() + "/" + tag.ref().name() + " ...");
            if (storage.deleteExpired(tag.ref())) {
                report.tagDeleted(tag);
                deleted++;
            }
        }
        LOG.info("Deleted " + deleted + " tags");
    }

    /** Names per inode inside the tags a run would delete: what a dry run discounts. */
    Map<Object, Long> namesGoingAway(List<TagState> doomed) {
        Map<Object, Long> names = new java.util.HashMap<>();
        for (TagState tag : doomed) {
            storage.namesByInode(tag.ref()).forEach((inode, n) -> names.merge(inode, n, Long::sum));
        }
        return names;
    }
}
