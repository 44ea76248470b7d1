package dev.dlrepo.storage;

import java.nio.file.Path;

/** {@code products/<product>/<variant>/<product_branch>/<version>} of a repository. */
public record ProductVersion(Repo repo, Name product, Name variant, Name branch, Name version) {
    public static ProductVersion of(Repo repo, String product, String variant, String branch, String version) {
        return new ProductVersion(repo, Name.of(product), Name.of(variant), Name.of(branch), Name.of(version));
    }

    public Path dir(Path root) {
        return branchDir(root).resolve(version.value());
    }

    public Path branchDir(Path root) {
        return repo.dir(root).resolve("products").resolve(product.value()).resolve(variant.value()).resolve(branch.value());
    }

    public String url() {
        return repo.urlPrefix() + "/products/" + product + "/" + variant + "/" + branch + "/" + version + "/";
    }

    /** Upstream's archive name of a version: {@code <product>-<variant>-v<version>}. */
    public String archiveName() {
        return product + "-" + variant + "-v" + version;
    }

    public ProductVersion withVersion(Name other) {
        return new ProductVersion(repo, product, variant, branch, other);
    }
}
