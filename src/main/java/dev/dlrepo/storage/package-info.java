/**
 * The data directory and everything that changes it: blobs ({@code .blobs}, read-only, hard
 * links, link-limit copies), their holder records ({@code .blobrefs}), staged uploads
 * ({@code .uploads}), formats and their {@code .digests} (group commit, journal, finalize with
 * private copies), deletes through {@code .trash}, and the cross-process locks ({@code .locks}).
 *
 * <p>Its doors: {@link dev.dlrepo.storage.Repository} for artifacts (the API),
 * {@link dev.dlrepo.storage.Maintenance} for the scrub, {@link dev.dlrepo.storage.Expiry} and
 * {@link dev.dlrepo.storage.Orphans} for the cleanup, {@link dev.dlrepo.storage.DiskUsage} for
 * the quota, and {@link dev.dlrepo.storage.Storage}, the one hand wiring of them all for the
 * command-line tools, the tests and the benchmarks. {@link dev.dlrepo.storage.CrashRecovery}
 * finishes at start-up what a crash cut off. The value types ({@code Digest}, {@code Name},
 * {@code ArtifactPath}, the {@code *Ref} records) validate themselves. The parts behind the doors
 * ({@code JournalFolder}, {@code Finalizer}, {@code FormatScans}, {@code LinkLimit},
 * {@code FinalizeMarks}, {@code ReplaceMarks}, the digests cache...) are package-private.
 */
package dev.dlrepo.storage;
