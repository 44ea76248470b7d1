/**
 * What happens to jobs and tags over their life, on top of the store: job metadata, locking a job
 * (and its fingerprint), tag flags (locked, released, stable), retention policies, the products
 * view ({@code /products/...}: links from product, variant, branch and version to the jobs'
 * formats, read through {@code ProductBrowser} with the branch ACLs applied) and the aliases
 * {@code latest}, {@code stable}, {@code oldstable}. {@code Lifecycle} (jobs, tags, branches) and
 * {@code Products} (the products view) are the facades the API calls. The rules are here (what
 * may be locked or deleted, the fingerprint, the metadata's merge, which entry an alias names);
 * every file and lock is {@code storage.States}', and deletes are {@code storage.Repository}'s.
 */
package dev.dlrepo.lifecycle;
