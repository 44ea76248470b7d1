package dev.dlrepo.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A value read from files (the auth file, the ACL directory) that is read again when they change:
 * upstream reloads on SIGHUP, a WAR cannot catch signals, so we compare names, sizes and mtimes
 * at most once per {@code CHECK_NANOS}, and {@link #reload()} forces it (the admin endpoint).
 */
final class Snapshot<T> {
    private static final long CHECK_NANOS = 1_000_000_000L;
    private final Path path;
    private final Function<Path, T> loader;
    private volatile State<T> state;

    private record State<T>(List<String> signature, T value, long checkedAt) {
    }

    Snapshot(Path path, Function<Path, T> loader) {
        this.path = path;
        this.loader = loader;
    }

    T get() {
        State<T> s = state;
        long now = System.nanoTime();
        if (s != null && now - s.checkedAt < CHECK_NANOS) {
            return s.value;
        }
        synchronized (this) {
            s = state;
            if (s != null && now - s.checkedAt < CHECK_NANOS) {
                return s.value;
            }
            List<String> signature = signature(path);
            T value = s != null && s.signature.equals(signature) ? s.value : loader.apply(path);
            state = new State<>(signature, value, System.nanoTime());
            return value;
        }
    }

    void reload() {
        state = null;
    }

    /** Names, sizes, mtimes and inodes of the file, or of a directory's files. */
    private static List<String> signature(Path path) {
        List<String> out = new ArrayList<>();
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.sorted().forEach(f -> out.add(describe(f)));
                }
            } else {
                out.add(describe(path));
            }
        } catch (IOException e) {
            out.add("unreadable " + e);
        }
        return out;
    }

    private static String describe(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.getFileName() + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey();
        } catch (IOException e) {
            return file.getFileName() + " missing";
        }
    }
}
