package dev.dlrepo.storage;

import java.nio.file.Path;

/** {@code branches/<branch>/<tag>/<job>}. */
public record JobRef(TagRef tag, Name name) {
    public FormatRef format(String format) {
        return new FormatRef(this, Name.of(format));
    }

    public Path dir(Path root) {
        return tag.dir(root).resolve(name.value());
    }

    public String url() {
        return tag.url() + name + "/";
    }
}
