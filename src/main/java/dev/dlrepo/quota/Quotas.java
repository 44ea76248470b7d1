package dev.dlrepo.quota;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.QuotaExceeded;
import dev.dlrepo.storage.AfterRetention;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.DecimalSize;
import dev.dlrepo.storage.DiskUsage;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.Quota;
import dev.dlrepo.storage.Repo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user quota ({@code DLREPO_USER_QUOTA} bytes per user repository, never for the main tree).
 * The store charges every link into a user repository here, as upstream does at link time: that
 * check, under the user's cross-process lock, is the one that decides. Uploads in flight also
 * hold in-memory reservations (see {@link QuotaFilter}), so that a body that cannot fit is
 * refused before it is stored, and concurrent uploads of one user are refused early together.
 */
@ApplicationScoped
public class Quotas implements Quota, AfterRetention {
    private DiskUsage usage;
    private long limit;
    private final ConcurrentHashMap<Name, Long> reserved = new ConcurrentHashMap<>();

    protected Quotas() {
    }

    @Inject
    public Quotas(Settings settings, DiskUsage usage) {
        this.usage = usage;
        this.limit = settings.userQuota();
    }

    public long limit() {
        return limit;
    }

    /** The recorded usage of a user repository ({@code .disk_usage}). */
    public long used(Name user) {
        return usage.read(user);
    }

    @Override
    public void charge(Repo repo, long size, long replaced) {
        repo.user().ifPresent(user -> usage.update(user, used -> {
            long rest = Math.max(0, used - replaced); // upstream: the replaced file goes first
            if (rest + size > limit) {
                throw exceeded(user, rest);
            }
            return rest + size;
        }));
    }

    @Override
    public void refund(Repo repo, long bytes) {
        repo.user().ifPresent(user -> usage.update(user, used -> used - bytes));
    }

    /** The full cleanup's step: every user repository re-counted from its files. */
    @Override
    public void afterRetention() {
        for (Name user : usage.users()) {
            usage.recompute(user);
        }
    }

    /**
     * Room for one upload's body into {@code path}; grows as bytes arrive, released when the
     * request ends. The file it would replace is given back first, as {@link #charge} does.
     */
    public Reservation reserve(Name user, FormatRef format, ArtifactPath path) {
        return new Reservation(user, Math.max(0, usage.read(user) - usage.sizeOf(format, path)));
    }

    private QuotaExceeded exceeded(Name user, long used) {
        return new QuotaExceeded(user.value(), DecimalSize.format(used), DecimalSize.format(limit));
    }

    /** Bytes held for one request against its user's quota, in this process. */
    public final class Reservation implements AutoCloseable {
        private final Name user;
        private final long used;
        private long held;

        private Reservation(Name user, long used) {
            this.user = user;
            this.used = used;
        }

        /** Holds {@code bytes} more, or throws if the recorded usage and every reservation would pass the limit. */
        public void grow(long bytes) {
            reserved.compute(user, (u, total) -> {
                long all = total == null ? 0 : total;
                if (used + all + bytes > limit) {
                    throw exceeded(user, used); // the map is left as it was
                }
                return all + bytes;
            });
            held += bytes;
        }

        @Override
        public void close() {
            if (held > 0) {
                long mine = held;
                reserved.computeIfPresent(user, (u, total) -> total - mine <= 0 ? null : total - mine);
                held = 0;
            }
        }
    }
}
