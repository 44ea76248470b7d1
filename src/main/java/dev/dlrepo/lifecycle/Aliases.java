package dev.dlrepo.lifecycle;

import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.storage.States;
import dev.dlrepo.storage.TagRef;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * {@code latest}, {@code stable}, {@code oldstable} (layout.md §7): among the entries the user may
 * read, newest {@code .stamp} first; {@code latest} is the first, {@code stable} the first with the
 * stable flag, {@code oldstable} the second. Equal stamps: the name that sorts first counts as
 * newer (a stable sort of upstream's name-ordered listing), as retention counts them.
 */
final class Aliases {
    private Aliases() {
    }

    /** The tag an alias stands for; {@code readable} is asked with each tag's canonical URL. */
    static Optional<TagRef> tag(States states, TagRef alias, Predicate<String> readable) {
        List<TagRef> candidates = states.tags(alias.branch()).stream().filter(t -> readable.test(t.url())).toList();
        return pick(alias.name().value(), candidates, states::timestamp, t -> t.name().value(), states::stable);
    }

    /** The version an alias stands for, among the versions of its product branch the caller may see. */
    static Optional<ProductVersion> version(States states, ProductVersion alias, Predicate<String> readable) {
        ProductBrowser products = new ProductBrowser(states, readable);
        List<ProductVersion> candidates = states.productChildren(alias.repo(), List.of(alias.product(), alias.variant(), alias.branch()))
                .stream()
                .map(n -> alias.withVersion(new Name(n)))
                .filter(products::visible)
                .toList();
        return pick(alias.version().value(), candidates, states::timestamp, v -> v.version().value(),
                v -> products.state(v).stable());
    }

    private static <T> Optional<T> pick(String alias, List<T> candidates, ToDoubleFunction<T> stamp,
            Function<T, String> name, Predicate<T> stable) {
        Comparator<T> newestFirst = Comparator.comparingDouble(stamp).reversed().thenComparing(name);
        List<T> sorted = candidates.stream().sorted(newestFirst).toList();
        return switch (alias) {
            case "latest" -> sorted.stream().findFirst();
            case "stable" -> sorted.stream().filter(stable).findFirst();
            case "oldstable" -> sorted.stream().filter(stable).skip(1).findFirst();
            default -> Optional.empty();
        };
    }
}
