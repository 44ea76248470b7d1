package dev.dlrepo.storage;

/** A branch's retention policy ({@code .cleanup_policy}); 0 keeps every tag. */
public record CleanupPolicy(long maxDailyTags, long maxReleasedTags) {
}
