package dev.dlrepo.cleanup;

import dev.dlrepo.storage.AfterRetention;
import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.DecimalSize;
import dev.dlrepo.storage.PyJson;
import dev.dlrepo.storage.Storage;
import dev.dlrepo.storage.Swept;
import dev.dlrepo.storage.TagState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code dlrepo-cleanup [-q|--quiet] [-p|--root-path DIR] [--dry-run]}: upstream's 0.5/0.8
 * command (cleanup.md §5), beside a running server or not (the sweep takes the same
 * cross-process blob locks). Tag retention, then the orphan sweep. Prints upstream's sentences
 * unless {@code -q}; {@code --dry-run} prints the JSON report instead and deletes nothing.
 * Exits 0, or prints {@code error: <message>} and exits 1; a usage error exits 2.
 */
public final class CleanupCommand {
    static final String USAGE = "usage: dlrepo-cleanup [-h] [-q] [-p ROOT_PATH] [--dry-run]";
    private static final Path DEFAULTS = Path.of("/etc/default/dlrepo");
    // held: the logging configuration of a logger nobody references can be collected
    private static final Logger QUIET = Logger.getLogger("dev.dlrepo");

    private CleanupCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), DEFAULTS, System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, Path defaults, PrintStream out, PrintStream err) {
        boolean quiet = false;
        boolean dryRun = false;
        String root = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "-q", "--quiet" -> quiet = true;
                case "--dry-run" -> dryRun = true;
                case "-p", "--root-path" -> {
                    if (++i == args.length) {
                        return usage(err, "argument -p/--root-path: expected one argument");
                    }
                    root = args[i];
                    if (!Files.isDirectory(Path.of(root))) {
                        return usage(err, "argument -p/--root-path: invalid directory: '" + root + "'");
                    }
                }
                default -> {
                    return usage(err, "unrecognized arguments: " + args[i]);
                }
            }
        }
        try {
            Map<String, String> values = new HashMap<>(env);
            System.getProperties().forEach((k, v) -> values.putIfAbsent(k.toString(), v.toString()));
            values.put(Settings.ROOT_DIR, root != null ? root : rootDir(env, defaults));
            Settings settings = Settings.of(values);
            // the server's log lines would repeat what this command prints
            QUIET.setLevel(Level.WARNING);
            Storage storage = Storage.open(settings);
            Retention retention = new Retention(storage.maintenance());
            List<AfterRetention> steps = List.of(
                    new dev.dlrepo.quota.Quotas(settings, storage.usage()),
                    new dev.dlrepo.lifecycle.Products(storage.states(), storage.repository()));
            Cleanup cleanup = new Cleanup(retention, storage.maintenance(), settings, steps);
            long started = System.nanoTime();
            CleanupReport report = dryRun ? cleanup.dryRun(false) : cleanup.run(false);
            if (dryRun) {
                out.println(PyJson.encode(report.toMap()));
            } else if (!quiet) {
                for (TagState tag : report.tags()) {
                    out.println("Deleting " + (tag.released() ? "released" : "daily") + " tag "
                            + tag.ref().branch().name() + "/" + tag.ref().name() + " ...");
                }
                Swept s = report.orphans();
                out.println("Deleted " + (s.blobs() + s.uploads()) + " orphan blobs ("
                        + DecimalSize.format(report.bytesFreed()) + " bytes)");
                out.println(String.format(Locale.ROOT, "Deleted %d tags in %.1fs", report.tags().size(),
                        (System.nanoTime() - started) / 1e9));
            }
            return 0;
        } catch (RuntimeException e) {
            String message = e.getMessage();
            if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
                message = u.getCause().toString();
            }
            err.println("error: " + (message == null ? e.toString() : message));
            return 1;
        }
    }

    /**
     * Upstream's default: {@code DLREPO_ROOT_DIR} from the environment, else the
     * {@code DLREPO_ROOT_DIR=} line of {@code /etc/default/dlrepo} (quotes stripped), else the
     * current directory.
     */
    static String rootDir(Map<String, String> env, Path defaults) {
        String fromEnv = env.get(Settings.ROOT_DIR);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        return fromDefaults(defaults).orElse(Path.of("").toAbsolutePath().toString());
    }

    private static Optional<String> fromDefaults(Path defaults) {
        try {
            for (String line : Files.readAllLines(defaults, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith(Settings.ROOT_DIR + "=")) {
                    String v = l.substring(Settings.ROOT_DIR.length() + 1).strip();
                    v = v.replaceAll("^[\"']|[\"']$", "");
                    if (!v.isEmpty()) {
                        return Optional.of(v);
                    }
                }
            }
        } catch (IOException e) {
            // no defaults file: the next fallback
        }
        return Optional.empty();
    }

    private static int usage(PrintStream err, String problem) {
        err.println(USAGE);
        err.println("dlrepo-cleanup: error: " + problem);
        return 2;
    }
}
