/**
 * Per-user quotas of the user repositories ({@code DLREPO_USER_QUOTA}): {@code Quotas} is the
 * accounting the store calls at link time and on deletes (upstream's rule and message), and
 * re-counts after retention; {@code QuotaFilter} reserves an upload's body and stops it while it
 * streams once it cannot fit.
 */
package dev.dlrepo.quota;
