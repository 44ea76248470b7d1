package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the tree for listings and downloads. Only names we could have written are listed
 * (lower-case, no leading dot, directories); files of a format are what its {@code .digests}
 * names.
 */
@ApplicationScoped
class Browser {
    private Tree tree;
    private Optional<Pattern> internalFormats;
    private DigestsCache digests; // the writers' cache: readers parse nothing they wrote

    protected Browser() {
    }

    @Inject
    Browser(Tree tree, Settings settings, Formats formats) {
        this.tree = tree;
        this.digests = formats.digestsCache();
        this.internalFormats = settings.internalFormatFilter();
    }

    public List<BranchSummary> branches(Repo repo) {
        List<BranchSummary> out = new ArrayList<>();
        for (String name : children(repo.dir(tree.root()).resolve("branches"))) {
            Path dir = repo.dir(tree.root()).resolve("branches").resolve(name);
            int daily = 0, released = 0, locked = 0, stable = 0;
            for (String tag : children(dir)) {
                Path t = dir.resolve(tag);
                if (Flags.has(t, Flags.RELEASED)) released++; else daily++;
                if (Flags.has(t, Flags.LOCKED)) locked++;
                if (Flags.has(t, Flags.STABLE)) stable++;
            }
            out.add(new BranchSummary(name, daily, released, locked, stable, policy(dir)));
        }
        return out;
    }

    public BranchInfo branch(BranchRef ref, boolean releasedOnly) {
        Path dir = existing(ref.dir(tree.root()));
        List<TagSummary> tags = new ArrayList<>();
        for (String name : children(dir)) {
            TagSummary tag = tagSummary(dir.resolve(name), name);
            if (!releasedOnly || tag.released()) {
                tags.add(tag);
            }
        }
        return new BranchInfo(ref.name().value(), policy(dir), tags);
    }

    public TagInfo tag(TagRef ref) {
        Path dir = existing(ref.dir(tree.root()));
        List<JobSummary> jobs = new ArrayList<>();
        for (String name : children(dir)) {
            jobs.add(jobSummary(dir.resolve(name), name));
        }
        return new TagInfo(tagSummary(dir, ref.name().value()), jobs);
    }

    public JobInfo job(JobRef ref) {
        Path dir = existing(ref.dir(tree.root()));
        String digest = Flags.text(dir, ".digest").orElse("");
        return new JobInfo(jobSummary(dir, ref.name().value()), Flags.has(dir, Flags.INTERNAL),
                Flags.timestamp(dir), digest, children(dir));
    }

    public boolean jobLocked(JobRef ref) {
        return Flags.has(ref.dir(tree.root()), Flags.LOCKED);
    }

    public boolean tagLocked(TagRef ref) {
        return Flags.has(ref.dir(tree.root()), Flags.LOCKED);
    }

    public boolean tagReleased(TagRef ref) {
        return Flags.has(ref.dir(tree.root()), Flags.RELEASED);
    }

    public boolean isInternal(Name format) {
        return internalFormats.map(p -> p.matcher(format.value()).lookingAt()).orElse(false);
    }

    public FormatInfo format(FormatRef ref) {
        Path dir = existingFormat(ref);
        return new FormatInfo(ref.name().value(), isInternal(ref.name()), Flags.has(dir, Flags.DIRTY),
                List.copyOf(digests.copyOf(dir).keySet()));
    }

    /** The {@code .digests} entries of a format, sorted by path. */
    public TreeMap<String, String> digests(FormatRef ref) {
        return digests.copyOf(existingFormat(ref));
    }

    /** A format's directory, if it exists and no symbolic link leads to it (else 404). */
    private Path existingFormat(FormatRef ref) {
        try {
            Directories.refuseSymlinksTo(tree.root(), ref);
        } catch (BadRequest e) {
            throw new NotFound();
        }
        return existing(ref.dir(tree.root()));
    }

    /** A regular file of the format (never through a symbolic link), with its recorded digest. */
    public StoredFile file(FormatRef ref, ArtifactPath path) {
        Path dir = ref.dir(tree.root());
        Path file = path.under(dir);
        try {
            Directories.refuseSymlinksTo(tree.root(), ref);
            Directories.refuseSymlinks(dir, path);
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                throw new NotFound();
            }
            Optional<Digest> digest = Optional.ofNullable(digests.digestOf(dir, path.value()))
                    .flatMap(Browser::parseStored);
            return new StoredFile(file, attrs.size(), attrs.lastModifiedTime().toMillis(), digest);
        } catch (NoSuchFileException e) {
            throw new NotFound();
        } catch (BadRequest e) {
            throw new NotFound();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Digest> parseStored(String value) {
        try {
            return Optional.of(Digest.parse(value));
        } catch (RuntimeException e) {
            return Optional.empty(); // a hand-edited entry: serve the file without a Digest header
        }
    }

    private TagSummary tagSummary(Path dir, String name) {
        return new TagSummary(name, Flags.timestamp(dir), Flags.has(dir, Flags.RELEASED),
                Flags.has(dir, Flags.LOCKED), Flags.has(dir, Flags.STABLE),
                Flags.text(dir, ".publish-status"), Flags.text(dir, ".description"));
    }

    private JobSummary jobSummary(Path dir, String name) {
        Map<String, Object> metadata = Flags.jsonObject(dir.resolve(".metadata"));
        return new JobSummary(name, metadata, Flags.has(dir, Flags.LOCKED), Flags.has(dir, Flags.RELEASED));
    }

    private static CleanupPolicy policy(Path branchDir) {
        return CleanupPolicy.read(branchDir);
    }

    /** The branch's retention policy, as retention applies it. */
    public CleanupPolicy policy(BranchRef ref) {
        return CleanupPolicy.read(ref.dir(tree.root()));
    }

    private static Path existing(Path dir) {
        if (!Tree.isDirectory(dir)) {
            throw new NotFound();
        }
        return dir;
    }

    /** Sub-directories with servable names, sorted by name (byte order for ASCII names). */
    public static List<String> children(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Name.valid(name) && Tree.isDirectory(entry)) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(null);
        return names;
    }
}
