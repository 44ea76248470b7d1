package dev.dlrepo.storage;

import java.util.Optional;

/** A tag as listed in its branch: creation time and flags. */
public record TagSummary(String name, double timestamp, boolean released, boolean locked, boolean stable,
        Optional<String> publishStatus, Optional<String> description) {
}
