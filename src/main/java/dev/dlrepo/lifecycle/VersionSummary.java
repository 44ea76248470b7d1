package dev.dlrepo.lifecycle;

/** A product version as listed in its product branch; its flags are derived from its links. */
public record VersionSummary(String name, double timestamp, boolean locked, boolean released, boolean stable) {
}
