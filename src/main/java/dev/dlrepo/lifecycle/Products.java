package dev.dlrepo.lifecycle;

import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.Browser;
import dev.dlrepo.storage.Flags;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Tree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The products view, read-only: products, variants, product branches, versions and their formats;
 * and, as a step of the full cleanup, the removal of links whose job is gone.
 */
@ApplicationScoped
public class Products implements dev.dlrepo.cleanup.AfterRetention {
    private Tree tree;

    protected Products() {
    }

    private dev.dlrepo.storage.Archives archives;
    private dev.dlrepo.storage.Locks locks;

    @Inject
    public Products(Tree tree, dev.dlrepo.storage.Archives archives, dev.dlrepo.storage.Locks locks) {
        this.tree = tree;
        this.archives = archives;
        this.locks = locks;
    }

    /**
     * Retention deletes whole tags: the links of their jobs' formats are left dangling. Removes
     * them, in the main tree and every user's, with versions (and parents) left empty.
     */
    @Override
    public void afterRetention() {
        List<Repo> repos = new ArrayList<>(List.of(Repo.ROOT));
        Browser.children(tree.root().resolve("users")).forEach(u -> repos.add(Repo.ofUser(new Name(u))));
        ProductLinks links = new ProductLinks(tree.root());
        for (Repo repo : repos) {
            try (dev.dlrepo.storage.Held lock = locks.all(List.of(ProductLinks.lockKey(repo)))) {
                for (ProductVersion version : versions(repo)) {
                    links.dropDangling(version);
                }
            }
        }
    }

    /** Every version of a repository's products view. */
    private List<ProductVersion> versions(Repo repo) {
        Path products = repo.dir(tree.root()).resolve("products");
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

    /** A version's archive {@code <product>-<variant>-v<version>}: every format the caller may read. */
    public dev.dlrepo.storage.Archive archive(ProductVersion version, java.util.function.Predicate<FormatRef> readable) {
        List<dev.dlrepo.storage.ArchiveSource> sources = new ArrayList<>();
        for (String f : formats(version)) {
            FormatRef target = format(version, f);
            if (readable.test(target)) {
                sources.add(new dev.dlrepo.storage.ArchiveSource(f + "/", target.dir(tree.root())));
            }
        }
        return archives.of(version.archiveName(), (long) Math.floor(Flags.timestamp(version.dir(tree.root()))), sources);
    }

    /** Names under {@code products/} at a depth of 0 (products) to 2 (product branches); 404 if missing. */
    public List<String> children(Repo repo, String... names) {
        Path dir = repo.dir(tree.root()).resolve("products");
        for (String n : names) {
            dir = dir.resolve(Name.of(n).value());
        }
        if (names.length > 0 && !Tree.isDirectory(dir)) {
            throw new NotFound();
        }
        return Browser.children(dir);
    }

    public List<VersionSummary> versions(Repo repo, String product, String variant, String branch) {
        ProductBrowser browser = new ProductBrowser(tree.root());
        List<VersionSummary> out = new ArrayList<>();
        for (String v : children(repo, product, variant, branch)) {
            ProductVersion version = ProductVersion.of(repo, product, variant, branch, v);
            boolean[] state = browser.state(version);
            out.add(new VersionSummary(v, Flags.timestamp(version.dir(tree.root())), state[1], state[0], state[2]));
        }
        return out;
    }

    /** The formats a version links to (those whose link resolves); 404 if the version does not exist. */
    public List<String> formats(ProductVersion version) {
        if (!Tree.isDirectory(version.dir(tree.root()))) {
            throw new NotFound();
        }
        return new ProductBrowser(tree.root()).formats(version);
    }

    /** The format behind a version's format name; 404 if there is none. */
    public FormatRef format(ProductVersion version, String format) {
        return new ProductBrowser(tree.root()).formatOf(version, Name.of(format)).orElseThrow(NotFound::new);
    }
}
