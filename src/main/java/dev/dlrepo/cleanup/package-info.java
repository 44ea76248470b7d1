/**
 * Keeping the data directory small and sound, as upstream 0.44 does and beyond: {@code Cleanup}
 * schedules the full run (tag retention by branch policy, then the {@code storage.AfterRetention}
 * steps, the orphan sweep and the compaction of the blobs' holder records) and the orphan-only
 * run after each deletion; {@code Scrub} re-hashes every blob and checks every file through
 * {@code storage.Maintenance}. Both have a command-line form for operators.
 */
package dev.dlrepo.cleanup;
