package dev.dlrepo.storage;

import java.util.List;

/** A job: its summary, timestamps, fingerprint and format names. */
public record JobInfo(JobSummary summary, boolean internal, double timestamp, String digest, List<String> formats) {
}
