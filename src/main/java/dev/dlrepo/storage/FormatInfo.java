package dev.dlrepo.storage;

import java.util.List;

/** What a format listing shows: its name, flags and the files its {@code .digests} names. */
public record FormatInfo(String name, boolean internal, boolean dirty, List<String> files) {
}
