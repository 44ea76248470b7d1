package dev.dlrepo.api;

import dev.dlrepo.auth.Access;
import dev.dlrepo.storage.BranchInfo;
import dev.dlrepo.storage.BranchRef;
import dev.dlrepo.storage.BranchSummary;
import dev.dlrepo.storage.JobInfo;
import dev.dlrepo.storage.JobRef;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.TagInfo;
import dev.dlrepo.storage.TagRef;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * Listings show only the children the caller may read, each judged by the ACLs on its canonical
 * URL (upstream's rule). The store lists everything; the request's {@link Access} decides here.
 */
final class Visible {
    private Visible() {
    }

    /** What the caller may read, asked with a canonical URL (for the products view, which asks twice). */
    static java.util.function.Predicate<String> readable(HttpServletRequest http) {
        return Access.of(http)::canRead;
    }

    /** 404 unless the caller may read this URL: what a listing would hide does not exist. */
    static void require(HttpServletRequest http, String url) {
        if (!Access.of(http).canRead(url)) {
            throw new dev.dlrepo.error.NotFound();
        }
    }

    static List<Name> users(HttpServletRequest http, List<Name> users) {
        Access access = Access.of(http);
        return users.stream().filter(u -> access.canRead(Repo.ofUser(u).urlPrefix() + "/")).toList();
    }

    static List<BranchSummary> branches(HttpServletRequest http, Repo repo, List<BranchSummary> branches) {
        Access access = Access.of(http);
        return branches.stream().filter(b -> access.canRead(repo.urlPrefix() + "/branches/" + b.name() + "/")).toList();
    }

    static BranchInfo branch(HttpServletRequest http, BranchRef ref, BranchInfo branch) {
        Access access = Access.of(http);
        return new BranchInfo(branch.name(), branch.policy(),
                branch.tags().stream().filter(t -> access.canRead(ref.url() + t.name() + "/")).toList());
    }

    static TagInfo tag(HttpServletRequest http, TagRef ref, TagInfo tag) {
        Access access = Access.of(http);
        return new TagInfo(tag.tag(), tag.jobs().stream().filter(j -> access.canRead(ref.url() + j.name() + "/")).toList());
    }

    static JobInfo job(HttpServletRequest http, JobRef ref, JobInfo job) {
        Access access = Access.of(http);
        return new JobInfo(job.summary(), job.internal(), job.timestamp(), job.digest(),
                job.formats().stream().filter(f -> access.canRead(ref.url() + f + "/")).toList());
    }
}
