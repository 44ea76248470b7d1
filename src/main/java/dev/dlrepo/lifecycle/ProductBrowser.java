package dev.dlrepo.lifecycle;

import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.storage.States;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads the products view: the formats a version links to, and the version's derived state
 * (released, locked, stable come from the jobs and tags behind its links, never stored).
 *
 * <p>A product URL leads to a job's files, so what the caller sees through it is judged twice:
 * on the product URL and on the URL of the format behind the link ({@code readable} is asked
 * with both). A format either URL hides does not exist here, in listings, state and reads alike.
 */
final class ProductBrowser {
    private final States states;
    private final Predicate<String> readable;

    ProductBrowser(States states, Predicate<String> readable) {
        this.states = states;
        this.readable = readable;
    }

    /** The format a version's link names, if it resolves inside the same repository and the caller may read it. */
    Optional<FormatRef> formatOf(ProductVersion version, Name format) {
        if (!readable.test(version.url() + format.value() + "/")) {
            return Optional.empty();
        }
        return states.productTarget(version, format).filter(f -> readable.test(f.url()));
    }

    /** Format names of a version that the caller may read, sorted. */
    List<String> formats(ProductVersion version) {
        return formats(version, Integer.MAX_VALUE);
    }

    /** Whether the caller may read anything of the version (it may see it listed). */
    boolean visible(ProductVersion version) {
        return readable.test(version.url()) && !formats(version, 1).isEmpty();
    }

    private List<String> formats(ProductVersion version, int enough) {
        List<String> out = new ArrayList<>();
        for (Name name : states.productNames(version)) {
            if (formatOf(version, name).isPresent()) {
                out.add(name.value());
                if (out.size() == enough) {
                    break;
                }
            }
        }
        return out;
    }

    /** What a product version is, from the formats the caller may read. */
    record State(boolean released, boolean locked, boolean stable) {
    }

    /** A version is released, locked or stable when one of its readable formats' job or tag is. */
    State state(ProductVersion version) {
        boolean released = false, locked = false, stable = false;
        for (String f : formats(version)) {
            FormatRef ref = formatOf(version, new Name(f)).orElseThrow();
            released |= states.released(ref.job());
            locked |= states.locked(ref.job().tag());
            stable |= states.stable(ref.job().tag());
        }
        return new State(released, locked, stable);
    }
}
