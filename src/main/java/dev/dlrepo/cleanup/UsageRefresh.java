package dev.dlrepo.cleanup;

/**
 * Hook for the quota feature: recompute every user repository's {@code .disk_usage} from scratch
 * (cleanup.md §2). A full cleanup calls every CDI bean implementing it, after tag retention and
 * before the orphan sweep; with none deployed, that step is skipped.
 */
public interface UsageRefresh {
    void refreshAll();
}
