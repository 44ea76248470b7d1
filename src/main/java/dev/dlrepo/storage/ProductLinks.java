package dev.dlrepo.storage;

import dev.dlrepo.error.BadRequest;
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
 * of the jobs that feed it, and the job's {@code .product} link back. The changes are made under
 * the job's and the products' locks ({@link States}); the reads need none (a link is replaced
 * whole or not at all).
 */
final class ProductLinks {
    private final Path root;

    ProductLinks(Path root) {
        this.root = root;
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

    /**
     * The format a version's link names, if it is a symbolic link that resolves to a format
     * directory of the same repository (a dangling link, or one leading elsewhere, names nothing).
     */
    Optional<FormatRef> target(ProductVersion version, Name format) {
        Path link = version.dir(root).resolve(format.value());
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        Path repoDir = version.repo().dir(root);
        try {
            Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            if (!target.startsWith(repoDir.resolve("branches")) || !Files.isDirectory(target)) {
                return Optional.empty(); // dangling, or pointing out of the repository: not ours
            }
            Path rel = repoDir.relativize(target);
            if (rel.getNameCount() != 5) {
                return Optional.empty();
            }
            return Optional.of(FormatRef.of(version.repo(), rel.getName(1).toString(), rel.getName(2).toString(),
                    rel.getName(3).toString(), rel.getName(4).toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The names in a version that could be format links (valid names), in path order. */
    List<Name> names(ProductVersion version) {
        List<Name> out = new ArrayList<>();
        try (var listed = Files.list(version.dir(root))) {
            for (Path p : listed.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Name.valid(name)) {
                    out.add(new Name(name));
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** {@code products/<names...>} of a repository. */
    Path dir(Repo repo, List<Name> names) {
        Path dir = repo.dir(root).resolve("products");
        for (Name n : names) {
            dir = dir.resolve(n.value());
        }
        return dir;
    }

    /**
     * Drops the dangling links of every version, in the main tree and every user's, each
     * repository under its products view's lock.
     */
    void dropDanglingEverywhere(Locks locks) {
        List<Repo> repos = new ArrayList<>(List.of(Repo.ROOT));
        Browser.children(root.resolve("users")).forEach(u -> repos.add(Repo.ofUser(new Name(u))));
        for (Repo repo : repos) {
            try (Held held = locks.products(repo)) {
                versions(repo).forEach(this::dropDangling);
            }
        }
    }

    /** Every version of a repository's products view. */
    private List<ProductVersion> versions(Repo repo) {
        Path products = repo.dir(root).resolve("products");
        List<ProductVersion> out = new ArrayList<>();
        for (String p : Browser.children(products)) {
            for (String v : Browser.children(products.resolve(p))) {
                for (String b : Browser.children(products.resolve(p).resolve(v))) {
                    for (String version : Browser.children(products.resolve(p).resolve(v).resolve(b))) {
                        out.add(ProductVersion.of(repo, p, v, b, version));
                    }
                }
            }
        }
        return out;
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
