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
import java.util.function.Predicate;

/**
 * The products view, read-only: products, variants, product branches, versions and their formats;
 * and, as a step of the full cleanup, the removal of links whose job is gone.
 */
@ApplicationScoped
public class Products implements dev.dlrepo.storage.AfterRetention {
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

    /**
     * A version's archive {@code <product>-<variant>-v<version>}: every format the caller may read,
     * through the product URL and the format's own ({@code readable} is asked with URLs).
     */
    public dev.dlrepo.storage.Archive archive(ProductVersion version, Predicate<String> readable) {
        ProductBrowser browser = browser(readable);
        List<dev.dlrepo.storage.ArchiveSource> sources = new ArrayList<>();
        for (String f : formats(version, readable)) {
            browser.formatOf(version, new Name(f)).ifPresent(target ->
                    sources.add(new dev.dlrepo.storage.ArchiveSource(f + "/", target.dir(tree.root()))));
        }
        return archives.of(version.archiveName(), (long) Math.floor(Flags.timestamp(version.dir(tree.root()))), sources);
    }

    /**
     * Names under {@code products/} at a depth of 0 (products) to 2 (product branches) that lead
     * to at least one version the caller may read something of; 404 if the parent is missing or
     * leads to nothing the caller may read.
     */
    public List<String> children(Repo repo, Predicate<String> readable, String... names) {
        Path dir = repo.dir(tree.root()).resolve("products");
        StringBuilder url = new StringBuilder(repo.urlPrefix()).append("/products/");
        List<String> path = new ArrayList<>();
        for (String n : names) {
            String name = Name.of(n).value();
            dir = dir.resolve(name);
            url.append(name).append('/');
            path.add(name);
        }
        ProductBrowser browser = browser(readable);
        if (names.length > 0 && (!Tree.isDirectory(dir) || !leadsToVisible(repo, browser, path))) {
            throw new NotFound(); // what the listing above hides is not found either
        }
        List<String> out = new ArrayList<>();
        for (String child : Browser.children(dir)) {
            List<String> below = new ArrayList<>(path);
            below.add(child);
            if (readable.test(url + child + "/") && leadsToVisible(repo, browser, below)) {
                out.add(child);
            }
        }
        return out;
    }

    /** Whether some version under these names (product, variant, branch: one to three) is visible. */
    private boolean leadsToVisible(Repo repo, ProductBrowser browser, List<String> names) {
        Path dir = repo.dir(tree.root()).resolve("products");
        for (String n : names) {
            dir = dir.resolve(n);
        }
        for (String child : Browser.children(dir)) {
            List<String> below = new ArrayList<>(names);
            below.add(child);
            boolean visible = below.size() == 4
                    ? browser.visible(ProductVersion.of(repo, below.get(0), below.get(1), below.get(2), below.get(3)))
                    : leadsToVisible(repo, browser, below);
            if (visible) {
                return true;
            }
        }
        return false;
    }

    /** The versions of a product branch the caller may read something of, their flags from those formats. */
    public List<VersionSummary> versions(Repo repo, String product, String variant, String branch, Predicate<String> readable) {
        ProductBrowser browser = browser(readable);
        Path dir = branchDir(repo, product, variant, branch);
        if (!leadsToVisible(repo, browser, List.of(Name.of(product).value(), Name.of(variant).value(), Name.of(branch).value()))) {
            throw new NotFound();
        }
        List<VersionSummary> out = new ArrayList<>();
        for (String v : Browser.children(dir)) {
            ProductVersion version = ProductVersion.of(repo, product, variant, branch, v);
            if (browser.visible(version)) {
                ProductBrowser.State state = browser.state(version);
                out.add(new VersionSummary(v, Flags.timestamp(version.dir(tree.root())), state.locked(), state.released(),
                        state.stable()));
            }
        }
        return out;
    }

    private Path branchDir(Repo repo, String product, String variant, String branch) {
        Path dir = repo.dir(tree.root()).resolve("products").resolve(Name.of(product).value())
                .resolve(Name.of(variant).value()).resolve(Name.of(branch).value());
        if (!Tree.isDirectory(dir)) {
            throw new NotFound();
        }
        return dir;
    }

    /** The formats of a version the caller may read; 404 if there are none. */
    public List<String> formats(ProductVersion version, Predicate<String> readable) {
        List<String> formats = Tree.isDirectory(version.dir(tree.root())) ? browser(readable).formats(version) : List.of();
        if (formats.isEmpty() || !readable.test(version.url())) {
            throw new NotFound(); // a version the caller may read nothing of is not listed, nor found
        }
        return formats;
    }

    /** The format behind a version's format name; 404 if there is none or the caller may not read it. */
    public FormatRef format(ProductVersion version, String format, Predicate<String> readable) {
        return browser(readable).formatOf(version, Name.of(format)).orElseThrow(NotFound::new);
    }

    private ProductBrowser browser(Predicate<String> readable) {
        return new ProductBrowser(tree.root(), readable);
    }
}
