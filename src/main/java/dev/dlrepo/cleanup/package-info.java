/**
 * Keeping the data directory small and sound, as upstream 0.44 does and beyond: {@code Cleanup}
 * schedules the full run (tag retention by branch policy, then the {@code storage.AfterRetention}
 * steps, the orphan sweep and the compaction of the blobs' holder records) and the orphan-only
 * run after each deletion; {@code Scrub} re-hashes every blob and checks every file. Both go
 * through {@code storage.Maintenance} (the tags retention may delete, the sweep, the schedule of
 * full runs, the scrub's checks and repairs); the scrub reads the files Maintenance names, and
 * only Maintenance changes them. Both have a command-line form for operators.
 */
package dev.dlrepo.cleanup;
