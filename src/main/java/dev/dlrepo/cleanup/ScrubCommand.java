package dev.dlrepo.cleanup;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.PyJson;
import dev.dlrepo.storage.Storage;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code dlrepo-scrub [--repair] [-q] [-p DIR]}: the integrity scrub from the command line,
 * beside a running server or not (changes take the same cross-process locks). Prints the report
 * as JSON; exits 0 when nothing is left to fix, 1 otherwise, 2 on bad usage.
 */
public final class ScrubCommand {
    private ScrubCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean repair = false;
        boolean quiet = false;
        Map<String, String> settings = new HashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> settings.put(k.toString(), v.toString()));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repair" -> repair = true;
                case "-q", "--quiet" -> quiet = true;
                case "-p", "--root" -> {
                    if (++i == args.length) {
                        return usage(err);
                    }
                    settings.put(Settings.ROOT_DIR, args[i]);
                }
                default -> {
                    return usage(err);
                }
            }
        }
        Settings s = Settings.of(settings);
        Storage storage = Storage.open(s);
        ScrubReport report;
        try {
            report = new Scrub(storage.maintenance()).run(repair);
        } finally {
            storage.close();
        }
        if (!quiet || report.unrepaired() > 0) {
            out.println(PyJson.encode(report.toMap()));
        }
        return report.unrepaired() == 0 ? 0 : 1;
    }

    private static int usage(PrintStream err) {
        err.println("usage: dlrepo-scrub [--repair] [-q] [-p DATA_DIR]");
        return 2;
    }
}
