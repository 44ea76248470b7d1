package dev.dlrepo.cleanup;

/**
 * A step of the full cleanup, after tag retention and before the orphan sweep (cleanup.md §2):
 * the quota feature re-counts every user repository's {@code .disk_usage}, the products view
 * drops the links retention left dangling. A full cleanup calls every CDI bean implementing it.
 */
public interface AfterRetention {
    void afterRetention();
}
