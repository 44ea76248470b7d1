package dev.dlrepo.storage;

import dev.dlrepo.error.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Tar archives of a format, of a job (every format the caller may read) and, through
 * {@link #of}, of any list of format directories (a product version). Only files named in
 * {@code .digests} go in, under their member names, sorted as upstream sorts them.
 */
@ApplicationScoped
class Archives {
    /** Python sorts text by code point; {@code String.compareTo} by UTF-16 unit differs above U+FFFF. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };
    private Tree tree;

    protected Archives() {
    }

    @Inject
    Archives(Tree tree) {
        this.tree = tree;
    }

    /**
     * A format's archive, named {@code <job archive name>-<format>}; 404 if the format does not
     * exist or the caller may not read it. Dirty formats are archived too (HEAD tells them apart).
     */
    public Archive format(FormatRef ref, Predicate<FormatRef> readable) {
        refuseAlias(ref.job().tag());
        Path dir = ref.dir(tree.root());
        if (!Tree.isDirectory(dir) || !readable.test(ref)) {
            throw new NotFound();
        }
        String name = name(ref.job()) + "-" + ref.name();
        return of(name, formatTimestamp(dir), List.of(new ArchiveSource("", ref)));
    }

    /**
     * A job's archive: every format the caller may read, as {@code <format>/<path>}. A job that
     * does not exist gives an archive with no member, as upstream.
     */
    public Archive job(JobRef ref, Predicate<FormatRef> readable) {
        refuseAlias(ref.tag());
        Path dir = ref.dir(tree.root());
        List<ArchiveSource> sources = new ArrayList<>();
        for (String format : Browser.children(dir)) {
            FormatRef f = new FormatRef(ref, new Name(format));
            if (readable.test(f)) {
                sources.add(new ArchiveSource(format + "/", f));
            }
        }
        return of(name(ref), (long) Math.floor(Flags.timestamp(dir)), sources);
    }

    /**
     * The archive of some format directories, each file named {@code <prefix><path>}; files
     * without a mtime take {@code timestamp} (seconds), and so does {@code SHA256SUMS.txt}.
     */
    public Archive of(String name, long timestamp, List<ArchiveSource> sources) {
        TreeMap<String, Archive.Member> members = new TreeMap<>(CODE_POINT_ORDER);
        boolean dirty = false;
        for (ArchiveSource source : sources) {
            Path dir = source.format().dir(tree.root());
            dirty |= Flags.has(dir, Flags.DIRTY);
            for (Map.Entry<String, String> e : DigestsFile.read(dir).entrySet()) {
                // a hand-edited .digests could name ../../x: only paths an upload could create
                if (ArtifactPath.valid(e.getKey())) {
                    String member = source.prefix() + e.getKey();
                    members.put(member, new Archive.Member(member, dir, e.getKey(), e.getValue()));
                }
            }
        }
        return new Archive(name, timestamp, new ArrayList<>(members.values()), dirty);
    }

    /**
     * {@code <product>-<product_variant>-v<version>} when the job's metadata has the three keys,
     * else {@code <job>-<tag>}. A {@code /} in a metadata value would make the archive's top
     * directory a path (with {@code ..}, one outside the extraction directory): it becomes {@code _}.
     */
    static String name(JobRef job, Path root) {
        Map<String, Object> metadata = Flags.jsonObject(job.dir(root).resolve(".metadata"));
        if (metadata.containsKey("product") && metadata.containsKey("product_variant") && metadata.containsKey("version")) {
            String name = text(metadata.get("product")) + "-" + text(metadata.get("product_variant"))
                    + "-v" + text(metadata.get("version"));
            StringBuilder safe = new StringBuilder(name.length());
            name.codePoints().forEach(c -> safe.appendCodePoint(c == '/' || c == '\\' || c < 0x20 || c == 0x7f ? '_' : c));
            return safe.toString();
        }
        return job.name() + "-" + job.tag().name();
    }

    private String name(JobRef job) {
        return name(job, tree.root());
    }

    /** A value as Python's {@code str()} prints it (values are strings unless written by hand). */
    private static String text(Object value) {
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return PyJson.pythonFloat(d);
        }
        return value == null ? "None" : value.toString();
    }

    /**
     * Upstream's format timestamp: mtime of {@code .digests} (of its journal, if newer: the files
     * not folded in yet), else of the directory, else 0.
     */
    static long formatTimestamp(Path dir) {
        for (Path p : new Path[] {dir.resolve(DigestsFile.JOURNAL), dir.resolve(DigestsFile.NAME), dir}) {
            try {
                return Math.floorDiv(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis(), 1000L);
            } catch (IOException e) {
                // try the next one
            }
        }
        return 0;
    }

    /** Alias tags ({@code latest}, {@code stable}, {@code oldstable}) resolve with the lifecycle feature. */
    private static void refuseAlias(TagRef ref) {
        if (ref.isAlias()) {
            throw new NotFound();
        }
    }
}
