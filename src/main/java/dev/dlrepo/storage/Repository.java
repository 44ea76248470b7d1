package dev.dlrepo.storage;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.NotAllowed;
import dev.dlrepo.error.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The repository as the API sees it: one method per request kind. Validates every
 * precondition before the tree is touched, then delegates to the stores.
 */
@ApplicationScoped
public class Repository {
    private Tree tree;
    private Staging staging;
    private BlobStore blobs;
    private Formats formats;
    private Browser browser;
    private PostProcess postProcess;
    private DiskUsage usage;
    private Locks locks;
    private Archives archives;
    private Event<Deleted> deletions; // null when wired by hand (tests, command line)

    protected Repository() {
    }

    /** Another post-process over the beans of a wiring (tests). */
    Repository(Repository wired, PostProcess postProcess) {
        this(wired.tree, wired.staging, wired.blobs, wired.formats, wired.browser, postProcess, wired.usage, wired.locks,
                wired.archives);
    }

    @Inject
    Repository(Tree tree, Staging staging, BlobStore blobs, Formats formats, Browser browser,
            PostProcess postProcess, DiskUsage usage, Locks locks, Archives archives) {
        this.locks = locks;
        this.archives = archives;
        this.usage = usage;
        this.tree = tree;
        this.staging = staging;
        this.blobs = blobs;
        this.formats = formats;
        this.browser = browser;
        this.postProcess = postProcess;
    }

    /** Deletions are announced: the cleanup feature sweeps the blobs they may have orphaned. */
    @Inject
    void announceDeletionsTo(Event<Deleted> deletions) {
        this.deletions = deletions;
    }

    /**
     * A PUT of a file: the blob of its digest linked when the client asks for that (no body
     * read; {@link #link}), else its body received ({@link #upload}).
     */
    public Stored put(FormatRef ref, ArtifactPath path, Incoming incoming) {
        if (incoming.link()) {
            return link(ref, path, incoming.digest(), incoming.fromPeerServer(), incoming.readable());
        }
        return upload(ref, path, incoming.digest(), incoming.body().get(), incoming.fromPeerServer());
    }

    /**
     * Receives a file: streamed to {@code .uploads}, verified against {@code digest} (422 on a
     * mismatch, nothing kept), published as a blob (an existing one is kept), linked in. Bytes
     * the store already holds are verified without being written.
     *
     * @param fromPeerServer the request comes from another dlrepo server publishing to us
     */
    public Stored upload(FormatRef ref, ArtifactPath path, Digest digest, InputStream body, boolean fromPeerServer) {
        checkUploadable(ref, fromPeerServer);
        return FullDisk.guard(tree.root(), "an upload to " + ref.url() + path.value(),
                () -> store(ref, path, digest, body));
    }

    private Stored store(FormatRef ref, ArtifactPath path, Digest digest, InputStream body) {
        if (blobs.find(digest).filter(blobs::isLinked).isPresent()) {
            return uploadStoredBytes(ref, path, digest, body);
        }
        try (Staged staged = staging.receive(body, digest)) {
            for (int attempt = 1; ; attempt++) {
                Path blob = blobs.publish(staged);
                if (formats.store(ref, path, digest, blob, browser.isInternal(ref.name())) == Linked.DONE) {
                    return new Stored(digest, staged.size());
                }
                // an existing blob of these bytes was swept as an orphan before our link: the
                // staged bytes are still here, they become the blob
                if (attempt == 3) {
                    throw new BlobGone(blob);
                }
            }
        }
    }

    /**
     * An upload of bytes the store holds, in use by some format (CI farms re-upload identical
     * artifacts all day): the body is verified while it streams but never written, then the blob
     * is linked in. The sweep only removes blobs nobody links, untouched for its grace period, and
     * finding the blob touched it; an orphan blob takes the staged path, which can re-publish its
     * bytes. If the blob is gone all the same (every job holding it deleted, then swept, during
     * the upload), the bytes are too, and the client is asked to send them again (503).
     */
    private Stored uploadStoredBytes(FormatRef ref, ArtifactPath path, Digest digest, InputStream body) {
        long size = staging.verify(body, digest);
        Optional<Path> blob = blobs.find(digest);
        if (blob.isEmpty() || formats.store(ref, path, digest, blob.get(), browser.isInternal(ref.name())) != Linked.DONE) {
            throw new DlrepoException(503, "The stored copy of these bytes was removed during the upload: send them again");
        }
        return new Stored(digest, size);
    }

    /**
     * Links an existing blob by digest, no bytes sent. Answered 404, as for an unknown blob, unless
     * some file holding the blob is one the caller may read ({@code readable}: the URLs the caller
     * may read): a digest seen somewhere is not a key to bytes the ACLs deny. The client then
     * sends the bytes, which it has. The blob is not touched: the link follows at once, under the
     * blob's lock, which the sweep holds too.
     */
    public Stored link(FormatRef ref, ArtifactPath path, Digest digest, boolean fromPeerServer, Predicate<String> readable) {
        checkUploadable(ref, fromPeerServer);
        long size = blobs.readableSize(digest, readable).orElseThrow(NotFound::new);
        Linked linked = FullDisk.guard(tree.root(), "a link into " + ref.url() + path.value(),
                () -> formats.store(ref, path, digest, blobs.path(digest), browser.isInternal(ref.name())));
        if (linked != Linked.DONE) {
            throw new NotFound(); // swept as an orphan before the link: no longer known
        }
        return new Stored(digest, size);
    }

    /**
     * The size of the blob of a digest ("may I link instead?"), if it is stored and held by a file
     * the caller may read ({@code readable}); else empty, whether it exists or not.
     */
    public Optional<Long> blobSize(Digest digest, Predicate<String> readable) {
        if (blobs.readableSize(digest, readable).isEmpty()) {
            return Optional.empty(); // not even touched: an orphan is swept as if never asked for
        }
        return blobs.find(digest).map(blobs::size); // touched: the link that follows finds it
    }

    private void checkUploadable(FormatRef ref, boolean fromPeerServer) {
        if (ref.job().tag().isAlias()) {
            throw new NotAllowed("GET");
        }
        if (ref.name().value().equals("container") && !fromPeerServer) {
            throw new BadRequest("Uploading container images must be done with docker push");
        }
        if (browser.jobLocked(ref.job()) && !browser.isInternal(ref.name())) {
            throw new BadRequest("Cannot upload files in locked jobs");
        }
    }

    /** The user repositories (each created by its first write), sorted by name. */
    public List<Name> users() {
        return usage.users();
    }

    /** A user repository's home: its branches; 404 until its first write created it. */
    public List<BranchSummary> userBranches(Name user) {
        if (!usage.exists(user)) {
            throw new NotFound();
        }
        return browser.branches(Repo.ofUser(user));
    }

    public List<BranchSummary> branches(Repo repo) {
        return browser.branches(repo);
    }

    public BranchInfo branch(BranchRef ref, boolean releasedOnly) {
        return browser.branch(ref, releasedOnly);
    }

    public TagInfo tag(TagRef ref) {
        refuseAlias(ref);
        return browser.tag(ref);
    }

    public JobInfo job(JobRef ref) {
        refuseAlias(ref.tag());
        return browser.job(ref);
    }

    public FormatInfo format(FormatRef ref) {
        refuseAlias(ref.job().tag());
        return browser.format(ref);
    }

    public TreeMap<String, String> digests(FormatRef ref) {
        refuseAlias(ref.job().tag());
        return browser.digests(ref);
    }

    public StoredFile file(FormatRef ref, ArtifactPath path) {
        refuseAlias(ref.job().tag());
        return browser.file(ref, path);
    }

    /** A format's archive ({@link Archives#format}); 404 if it does not exist or the caller may not read it. */
    public Archive archive(FormatRef ref, Predicate<FormatRef> readable) {
        return archives.format(ref, readable);
    }

    /** A job's archive: every format the caller may read ({@link Archives#job}). */
    public Archive archive(JobRef ref, Predicate<FormatRef> readable) {
        return archives.job(ref, readable);
    }

    /** The archive of some formats, a product version's ({@link Archives#of}). */
    public Archive archive(String name, long timestamp, List<ArchiveSource> sources) {
        return archives.of(name, timestamp, sources);
    }

    /**
     * Finalizes a format: the post-process command (if configured and its filter matches) runs on
     * private copies of the format's files, then the dirty flag is cleared; 500 if it failed.
     */
    public void finalizeFormat(FormatRef ref) {
        if (ref.job().tag().isAlias()) {
            throw new NotAllowed("GET");
        }
        FullDisk.guard(tree.root(), "a finalize of " + ref.url(), () -> {
            formats.finalizeFormat(ref, postProcess);
            return null;
        });
    }

    public void deleteFormat(FormatRef ref) {
        if (ref.job().tag().isAlias()) {
            throw new NotAllowed("GET");
        }
        if (!Tree.isDirectory(ref.dir(tree.root()))) {
            throw new NotFound();
        }
        Directories.refuseSymlinksTo(tree.root(), ref);
        if (browser.jobLocked(ref.job()) && !browser.isInternal(ref.name())) {
            throw new BadRequest("Cannot delete format: job is locked");
        }
        formats.delete(ref);
        deleted(ref.url());
    }

    /** Deletes a job; upstream checks no lock here (the tag's lock protects the tag only). */
    public void deleteJob(JobRef ref) {
        deleteJob(ref, () -> { });
    }

    /**
     * Deletes a job under its formats' locks, its own and its repository's products view's
     * (taken together, in stripe order: never one set inside the other), running {@code first}
     * under them before the job goes (removing the product links that name it, say).
     */
    public void deleteJob(JobRef ref, Runnable first) {
        if (ref.tag().isAlias()) {
            throw new NotAllowed("GET");
        }
        try (Held lock = locks.jobAndFormats(ref, () -> Subtrees.formats(tree.root(), ref))) {
            Path dir = existing(ref.dir(tree.root()));
            first.run();
            formats.refundDeleted(ref.tag().branch().repo(), tree.discard(dir));
        }
        deleted(ref.url());
    }

    public void deleteTag(TagRef ref) {
        if (ref.isAlias()) {
            throw new NotAllowed("GET", "HEAD");
        }
        try (Held lock = locks.formatsOf(() -> Subtrees.formats(tree.root(), ref), List.of())) {
            Path dir = existing(ref.dir(tree.root()));
            refuseProtected(ref);
            formats.refundDeleted(ref.branch().repo(), tree.discard(dir));
        }
        deleted(ref.url());
    }

    /** Deletes a branch unless one of its tags is locked or released (then nothing is deleted). */
    public void deleteBranch(BranchRef ref) {
        try (Held lock = locks.formatsOf(() -> Subtrees.formats(tree.root(), ref), List.of())) {
            Path dir = existing(ref.dir(tree.root()));
            for (String tag : Browser.children(dir)) {
                refuseProtected(new TagRef(ref, new Name(tag)));
            }
            formats.refundDeleted(ref.repo(), tree.discard(dir));
        }
        deleted(ref.url());
    }

    /** 400 if the tag is locked or released: such a tag (and its branch) cannot be deleted. */
    public void checkDeletable(TagRef ref) {
        refuseProtected(ref);
    }

    private void deleted(String url) {
        if (deletions != null) {
            deletions.fire(new Deleted(url));
        }
    }

    private void refuseProtected(TagRef ref) {
        if (browser.tagLocked(ref)) {
            throw new BadRequest("Tag " + ref.name() + " is locked");
        }
        if (browser.tagReleased(ref)) {
            throw new BadRequest("Tag " + ref.name() + " is released, unrelease it first");
        }
    }

    /** Aliases are answered with a redirect before any resource runs (api.AliasRedirect): none qualified. */
    private static void refuseAlias(TagRef ref) {
        if (ref.isAlias()) {
            throw new NotFound();
        }
    }

    private static Path existing(Path dir) {
        if (!Tree.isDirectory(dir)) {
            throw new NotFound();
        }
        return dir;
    }
}
