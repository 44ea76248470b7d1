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

/**
 * Reads the products view: the formats a version links to, and the version's derived state
 * (released, locked, stable come from the jobs and tags behind its links, never stored).
 */
final class ProductBrowser {
    private final Path root;

    ProductBrowser(Path root) {
        this.root = root;
    }

    /** The format a version's link names, if it resolves to a format inside the same repository. */
    Optional<FormatRef> formatOf(ProductVersion version, Name format) {
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

    /** Format names of a version whose links resolve, sorted. */
    List<String> formats(ProductVersion version) {
        List<String> out = new ArrayList<>();
        try (var entries = Files.list(version.dir(root))) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Name.valid(name) && formatOf(version, new Name(name)).isPresent()) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** released / locked / stable of a version, derived from what its links point to. */
    boolean[] state(ProductVersion version) {
        boolean released = false, locked = false, stable = false;
        for (String f : formats(version)) {
            FormatRef ref = formatOf(version, new Name(f)).orElseThrow();
            Path jobDir = ref.job().dir(root);
            Path tagDir = ref.job().tag().dir(root);
            released |= Flags.has(jobDir, Flags.RELEASED);
            locked |= Flags.has(tagDir, Flags.LOCKED);
            stable |= Flags.has(tagDir, Flags.STABLE);
        }
        return new boolean[] {released, locked, stable};
    }
}
