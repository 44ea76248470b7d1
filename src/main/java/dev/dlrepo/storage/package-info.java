/**
 * The data directory and everything that changes it: blobs ({@code .blobs}, read-only, hard
 * links, link-limit copies), their holder records ({@code .blobrefs}), staged uploads
 * ({@code .uploads}), formats and their {@code .digests} (group commit, journal, finalize with
 * private copies), the state files of jobs, tags and branches and the products view's links,
 * deletes through {@code .trash}, and the cross-process locks ({@code .locks}). Every file-system
 * call on the data directory is here.
 *
 * <p>Three facades are the doors: {@link dev.dlrepo.storage.Repository} for artifacts (uploads,
 * links, reads, archives, finalize, deletes), {@link dev.dlrepo.storage.States} for the state of
 * jobs, tags and branches and the products view (flags, {@code .metadata}, {@code .digest},
 * {@code .description}, {@code .cleanup_policy}, product links, and the locks they change under),
 * and {@link dev.dlrepo.storage.Maintenance} for the cleanup feature (scrub, retention's deletes,
 * orphan sweep, holder records, the schedule of full runs). Two small doors serve one feature each:
 * {@link dev.dlrepo.storage.TokenFiles} (auth's tokens) and {@link dev.dlrepo.storage.DiskUsage}
 * (the quota's counter). {@link dev.dlrepo.storage.Storage} wires them all by hand for the
 * command-line tools, the tests and the benchmarks. Storage calls out through interfaces others
 * implement: {@code PostProcess}, {@code Quota}, {@code AfterRetention}. The values the doors take
 * and give ({@code Digest}, {@code Name}, {@code ArtifactPath}, the {@code *Ref} records and
 * {@code ProductVersion}, the {@code *Info}/{@code *Summary} views) validate themselves. Everything
 * else ({@code Tree}, {@code Locks}, {@code Flags}, {@code Formats}, {@code BlobStore},
 * {@code Staging}, {@code Browser}, {@code ProductLinks}, the journal, the finalizer...) is
 * package-private; {@code PackagesTest} holds the list.
 * {@link dev.dlrepo.storage.CrashRecovery} finishes at start-up what a crash cut off
 * ({@code FinalizeMarks}, {@code ReplaceMarks}).
 */
package dev.dlrepo.storage;
