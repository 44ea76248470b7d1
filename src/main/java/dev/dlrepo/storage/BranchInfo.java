package dev.dlrepo.storage;

import java.util.List;

/** A branch with its policy and tags (sorted by name). */
public record BranchInfo(String name, CleanupPolicy policy, List<TagSummary> tags) {
}
