package dev.dlrepo.lifecycle;

import dev.dlrepo.storage.Flags;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Name;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final Path root;
    private final Predicate<String> readable;

    ProductBrowser(Path root, Predicate<String> readable) {
        this.root = root;
        this.readable = readable;
    }

    /** The format a version's link names, if it resolves inside the same repository and the caller may read it. */
    Optional<FormatRef> formatOf(ProductVersion version, Name format) {
        if (!readable.test(version.url() + format.value() + "/")) {
            return Optional.empty();
        }
        return target(version, format).filter(f -> readable.test(f.url()));
    }

    private Optional<FormatRef> target(ProductVersion version, Name format) {
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
        try (var entries = Files.list(version.dir(root))) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Name.valid(name) && formatOf(version, new Name(name)).isPresent()) {
                    out.add(name);
                    if (out.size() == enough) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return out;
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
            Path jobDir = ref.job().dir(root);
            Path tagDir = ref.job().tag().dir(root);
            released |= Flags.has(jobDir, Flags.RELEASED);
            locked |= Flags.has(tagDir, Flags.LOCKED);
            stable |= Flags.has(tagDir, Flags.STABLE);
        }
        return new State(released, locked, stable);
    }
}
