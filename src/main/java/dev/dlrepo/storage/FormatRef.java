package dev.dlrepo.storage;

import java.nio.file.Path;

/** {@code branches/<branch>/<tag>/<job>/<format>}. */
public record FormatRef(JobRef job, Name name) {
    public static FormatRef of(Repo repo, String branch, String tag, String job, String format) {
        return BranchRef.of(repo, branch).tag(tag).job(job).format(format);
    }

    public Path dir(Path root) {
        return job.dir(root).resolve(name.value());
    }

    /** Stable key of this format across processes, for lock striping and logs. */
    public String key() {
        return job.tag().branch().repo().urlPrefix() + "/branches/" + job.tag().branch().name()
                + "/" + job.tag().name() + "/" + job.name() + "/" + name;
    }

    public String url() {
        return job.url() + name + "/";
    }
}
