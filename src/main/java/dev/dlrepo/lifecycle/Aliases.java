package dev.dlrepo.lifecycle;

import dev.dlrepo.storage.Browser;
import dev.dlrepo.storage.Flags;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.TagRef;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code latest}, {@code stable}, {@code oldstable} (layout.md §7): among the entries the user may
 * read, newest {@code .stamp} first; {@code latest} is the first, {@code stable} the first with the
 * stable flag, {@code oldstable} the second. Equal stamps: the name that sorts first counts as
 * newer (a stable sort of upstream's name-ordered listing), as retention counts them.
 */
public final class Aliases {
    private Aliases() {
    }

    /** The tag an alias stands for; {@code readable} is asked with each tag's canonical URL. */
    public static Optional<TagRef> tag(Path root, TagRef alias, Predicate<String> readable) {
        Path branchDir = alias.branch().dir(root);
        List<TagRef> candidates = Browser.children(branchDir).stream()
                .map(n -> new TagRef(alias.branch(), new Name(n)))
                .filter(t -> readable.test(t.url()))
                .toList();
        return pick(alias.name().value(), candidates, t -> t.dir(root), t -> Flags.has(t.dir(root), Flags.STABLE));
    }

    /** The version an alias stands for, among the versions of its product branch the caller may see. */
    public static Optional<ProductVersion> version(Path root, ProductVersion alias, Predicate<String> readable) {
        ProductBrowser products = new ProductBrowser(root, readable);
        List<ProductVersion> candidates = Browser.children(alias.branchDir(root)).stream()
                .map(n -> alias.withVersion(new Name(n)))
                .filter(products::visible)
                .toList();
        return pick(alias.version().value(), candidates, v -> v.dir(root), v -> products.state(v).stable());
    }

    private static <T> Optional<T> pick(String alias, List<T> candidates, java.util.function.Function<T, Path> dir,
            Predicate<T> stable) {
        Comparator<T> newestFirst = Comparator.<T>comparingDouble(c -> Flags.timestamp(dir.apply(c))).reversed()
                .thenComparing(c -> dir.apply(c).getFileName().toString());
        List<T> sorted = candidates.stream().sorted(newestFirst).toList();
        return switch (alias) {
            case "latest" -> sorted.stream().findFirst();
            case "stable" -> sorted.stream().filter(stable).findFirst();
            case "oldstable" -> sorted.stream().filter(stable).skip(1).findFirst();
            default -> Optional.empty();
        };
    }

    public static boolean isAlias(String name) {
        return TagRef.ALIASES.contains(name);
    }
}
