package dev.dlrepo.storage;

import java.util.Map;

/** A job as listed in its tag: stored metadata (sorted) plus its flags. */
public record JobSummary(String name, Map<String, Object> metadata, boolean locked, boolean released) {
}
