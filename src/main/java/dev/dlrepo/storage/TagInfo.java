package dev.dlrepo.storage;

import java.util.List;

/** A tag with its jobs (sorted by name). */
public record TagInfo(TagSummary tag, List<JobSummary> jobs) {
}
