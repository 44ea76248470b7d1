package dev.dlrepo.storage;

/**
 * A step of the full cleanup, after tag retention and before the orphan sweep (cleanup.md §2):
 * the quota feature re-counts every user repository's {@code .disk_usage}, the products view
 * drops the links retention left dangling. A full cleanup calls every CDI bean implementing it.
 * It lives in storage, beside {@link Expiry} (the storage side of retention), because storage is
 * the one package that cleanup, quota and lifecycle all depend on and that depends on none of them:
 * in cleanup it made cycles (cleanup's command line names the quota and products implementations).
 */
public interface AfterRetention {
    void afterRetention();
}
