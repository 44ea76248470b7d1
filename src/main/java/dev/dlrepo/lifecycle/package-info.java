/**
 * What happens to jobs and tags over their life, on top of the store: job metadata, locking a job
 * (and its fingerprint), tag flags (locked, released, stable), the products view
 * ({@code /products/...}: links from product, variant, branch and version to the jobs' formats,
 * read through {@code ProductBrowser} with the branch ACLs applied) and the aliases
 * {@code latest}, {@code stable}, {@code oldstable}. {@code Lifecycle} is the facade the API calls.
 */
package dev.dlrepo.lifecycle;
