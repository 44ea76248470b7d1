package dev.dlrepo.lifecycle;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.storage.Browser;
import dev.dlrepo.storage.Flags;
import dev.dlrepo.storage.JobRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The products view (layout.md §6): relative symbolic links from a product version to the formats
 * of the jobs that feed it, and the job's {@code .product} link back. The caller holds the job's
 * and the products' locks.
 */
final class ProductLinks {
    private final Path root;

    ProductLinks(Path root) {
        this.root = root;
    }

    /** The lock key of a repository's products view ({@code Locks.all}): one change at a time. */
    static String lockKey(dev.dlrepo.storage.Repo repo) {
        return "products:" + repo.urlPrefix();
    }

    /**
     * Links every format of the job into its version. A name already linked to another job's
     * format is refused before anything is created (upstream links up to the conflict).
     */
    void link(JobRef job, ProductVersion version) {
        check(job, version);
        Path jobDir = job.dir(root);
        Path versionDir = version.dir(root);
        List<String> formats = Browser.children(jobDir);
        try {
            Files.createDirectories(versionDir.getParent());
            try {
                Files.createDirectory(versionDir);
                Flags.set(versionDir, Flags.STAMP);
            } catch (FileAlreadyExistsException e) {
                // another job of the same version made it first
            }
            for (String format : formats) {
                Path link = versionDir.resolve(format);
                if (Files.isSymbolicLink(link) && !resolves(link)) {
                    Files.delete(link); // dangling: its job is gone
                }
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, versionDir.relativize(jobDir.resolve(format)));
                }
            }
            Path product = jobDir.resolve(".product");
            Files.deleteIfExists(product);
            Files.createSymbolicLink(product, jobDir.relativize(versionDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 400 if a format name of the job is already linked in the version to another job's format. */
    void check(JobRef job, ProductVersion version) {
        Path jobDir = job.dir(root);
        Path versionDir = version.dir(root);
        for (String format : Browser.children(jobDir)) {
            Path existing = versionDir.resolve(format);
            boolean taken = Files.isSymbolicLink(existing) ? resolves(existing) && !pointsTo(existing, jobDir.resolve(format))
                    : Files.exists(existing, LinkOption.NOFOLLOW_LINKS);
            if (taken) {
                throw new BadRequest("[Errno 17] File exists: '" + existing.getFileName() + "'");
            }
        }
    }

    /**
     * Removes the job's links from the version it is linked to (by {@code .product}, else by its
     * metadata), dangling links with them; an empty version goes, with its empty parents.
     */
    void unlink(JobRef job, Optional<ProductVersion> byMetadata) {
        Path jobDir = job.dir(root);
        Path product = jobDir.resolve(".product");
        Optional<Path> versionDir = linkedVersion(product).or(() -> byMetadata.map(v -> v.dir(root)));
        try {
            if (versionDir.isPresent() && Files.isDirectory(versionDir.get(), LinkOption.NOFOLLOW_LINKS)) {
                Path dir = versionDir.get();
                for (Path link : entries(dir)) {
                    if (Files.isSymbolicLink(link)
                            && (pointsTo(link, jobDir.resolve(link.getFileName().toString())) || !resolves(link))) {
                        Files.deleteIfExists(link);
                    }
                }
                removeIfEmpty(dir);
            }
            Files.deleteIfExists(product);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the version's links that resolve to nothing; an emptied version goes too. */
    void dropDangling(ProductVersion version) {
        Path dir = version.dir(root);
        try {
            for (Path link : entries(dir)) {
                if (Files.isSymbolicLink(link) && !resolves(link)) {
                    Files.deleteIfExists(link);
                }
            }
            removeIfEmpty(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Path> linkedVersion(Path product) {
        try {
            return Optional.of(product.getParent().resolve(Files.readSymbolicLink(product)).normalize());
        } catch (NoSuchFileException | java.nio.file.NotLinkException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A version with only its {@code .stamp} left goes, then each parent left empty, up to products/. */
    private void removeIfEmpty(Path versionDir) throws IOException {
        List<Path> left = entries(versionDir);
        if (left.size() > 1 || left.size() == 1 && !left.get(0).getFileName().toString().equals(Flags.STAMP)) {
            return;
        }
        for (Path p : left) {
            Files.deleteIfExists(p);
        }
        Path dir = versionDir;
        for (int level = 0; level < 4; level++) {
            try {
                Files.deleteIfExists(dir);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                return;
            }
            dir = dir.getParent();
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    private static boolean pointsTo(Path link, Path target) {
        try {
            return link.getParent().resolve(Files.readSymbolicLink(link)).normalize().equals(target.normalize());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean resolves(Path link) {
        return Files.exists(link);
    }
}
