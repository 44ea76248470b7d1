package dev.dlrepo.storage;

import java.time.Instant;

/** A tag as retention cleanup sees it: created at {@code stamp} ({@code .stamp} mtime, epoch when missing). */
public record TagState(TagRef ref, Instant stamp, boolean locked, boolean released) {
}
