package dev.dlrepo.storage;

/** One entry of the branches listing: tag counts by flag and the cleanup policy. */
public record BranchSummary(String name, int dailyTags, int releasedTags, int lockedTags, int stableTags,
        CleanupPolicy policy) {
}
