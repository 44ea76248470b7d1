/**
 * How much may be written: per-user quotas of the user repositories ({@code DLREPO_USER_QUOTA}),
 * and the free space floor of the data directory ({@code DLREPO_MIN_FREE_SPACE}).
 * {@code Quotas} is the accounting the store calls at link time and on deletes (upstream's rule
 * and message), and re-counts after retention; {@code QuotaFilter} reserves an upload's body and
 * stops it while it streams once it cannot fit; {@code FreeSpaceFilter} refuses an upload before
 * its body when the disk would be left under its floor (507).
 */
package dev.dlrepo.quota;
