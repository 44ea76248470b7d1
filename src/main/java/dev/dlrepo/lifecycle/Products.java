package dev.dlrepo.lifecycle;

import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.AfterRetention;
import dev.dlrepo.storage.Archive;
import dev.dlrepo.storage.ArchiveSource;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.storage.Repo;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.States;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The products view, read-only: products, variants, product branches, versions and their formats;
 * and, as a step of the full cleanup, the removal of links whose job is gone.
 */
@ApplicationScoped
public class Products implements AfterRetention {
    private States states;
    private Repository repository;

    protected Products() {
    }

    @Inject
    public Products(States states, Repository repository) {
        this.states = states;
        this.repository = repository;
    }

    /**
     * Retention deletes whole tags: the links of their jobs' formats are left dangling. Removes
     * them, in the main tree and every user's, with versions (and parents) left empty.
     */
    @Override
    public void afterRetention() {
        states.dropDanglingProductLinks();
    }

    /**
     * A version's archive {@code <product>-<variant>-v<version>}: every format the caller may read,
     * through the product URL and the format's own ({@code readable} is asked with URLs).
     */
    public Archive archive(ProductVersion version, Predicate<String> readable) {
        ProductBrowser browser = browser(readable);
        List<ArchiveSource> sources = new ArrayList<>();
        for (String f : formats(version, readable)) {
            browser.formatOf(version, new Name(f)).ifPresent(target -> sources.add(new ArchiveSource(f + "/", target)));
        }
        return repository.archive(version.archiveName(), (long) Math.floor(states.timestamp(version)), sources);
    }

    /**
     * Names under {@code products/} at a depth of 0 (products) to 2 (product branches) that lead
     * to at least one version the caller may read something of; 404 if the parent is missing or
     * leads to nothing the caller may read.
     */
    public List<String> children(Repo repo, Predicate<String> readable, String... names) {
        StringBuilder url = new StringBuilder(repo.urlPrefix()).append("/products/");
        List<Name> path = new ArrayList<>();
        for (String n : names) {
            Name name = Name.of(n);
            url.append(name.value()).append('/');
            path.add(name);
        }
        ProductBrowser browser = browser(readable);
        if (names.length > 0 && (!states.productExists(repo, path) || !leadsToVisible(repo, browser, path))) {
            throw new NotFound(); // what the listing above hides is not found either
        }
        List<String> out = new ArrayList<>();
        for (String child : states.productChildren(repo, path)) {
            List<Name> below = new ArrayList<>(path);
            below.add(new Name(child));
            if (readable.test(url + child + "/") && leadsToVisible(repo, browser, below)) {
                out.add(child);
            }
        }
        return out;
    }

    /** Whether some version under these names (product, variant, branch: one to three) is visible. */
    private boolean leadsToVisible(Repo repo, ProductBrowser browser, List<Name> names) {
        for (String child : states.productChildren(repo, names)) {
            List<Name> below = new ArrayList<>(names);
            below.add(new Name(child));
            boolean visible = below.size() == 4
                    ? browser.visible(new ProductVersion(repo, below.get(0), below.get(1), below.get(2), below.get(3)))
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
        List<Name> path = List.of(Name.of(product), Name.of(variant), Name.of(branch));
        if (!states.productExists(repo, path) || !leadsToVisible(repo, browser, path)) {
            throw new NotFound();
        }
        List<VersionSummary> out = new ArrayList<>();
        for (String v : states.productChildren(repo, path)) {
            ProductVersion version = ProductVersion.of(repo, product, variant, branch, v);
            if (browser.visible(version)) {
                ProductBrowser.State state = browser.state(version);
                out.add(new VersionSummary(v, states.timestamp(version), state.locked(), state.released(), state.stable()));
            }
        }
        return out;
    }

    /** The formats of a version the caller may read; 404 if there are none. */
    public List<String> formats(ProductVersion version, Predicate<String> readable) {
        List<String> formats = states.exists(version) ? browser(readable).formats(version) : List.of();
        if (formats.isEmpty() || !readable.test(version.url())) {
            throw new NotFound(); // a version the caller may read nothing of is not listed, nor found
        }
        return formats;
    }

    /** The format behind a version's format name; 404 if there is none or the caller may not read it. */
    public FormatRef format(ProductVersion version, String format, Predicate<String> readable) {
        return browser(readable).formatOf(version, Name.of(format)).orElseThrow(NotFound::new);
    }

    /** The version an alias ({@code latest}, {@code stable}, {@code oldstable}) stands for among those the caller may see. */
    public Optional<ProductVersion> aliasOf(ProductVersion alias, Predicate<String> readable) {
        return Aliases.version(states, alias, readable);
    }

    private ProductBrowser browser(Predicate<String> readable) {
        return new ProductBrowser(states, readable);
    }
}
