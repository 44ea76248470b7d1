package dev.dlrepo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * This WAR against another one (an older head) in the same run: rounds alternate which WAR goes
 * first, each round starts a fresh Tomcat for each WAR and runs the selected scenarios against it,
 * and the table pools every measurement of a scenario per WAR. The ratio is this WAR's median over
 * the baseline's: above 1 is better for rates, below 1 for times. The in-JVM SHA-256 row measures
 * neither server: how far its ratio is from 1 is the machine's noise.
 *
 * <p>{@code mvn -B -Pbench verify -Dbench.baseline=/path/to/old.war [-Dbench.rounds=3] [-Dbench.only=...]}
 */
final class Versus {
    private Versus() {
    }

    public static void main(String[] args) throws Exception {
        Path tomcat = Path.of(args[0]);
        Path current = Path.of(args[1]);
        Path baseline = Path.of(System.getProperty("bench.baseline"));
        Path work = Path.of(args[2]);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int runs = Integer.getInteger("bench.runs", 3);
        boolean small = "small".equals(System.getProperty("bench.scale"));
        Files.createDirectories(work);
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        Map<String, Stats> ours = new LinkedHashMap<>();
        Map<String, Stats> theirs = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            boolean baselineFirst = round % 2 == 1;
            for (Path war : baselineFirst ? List.of(baseline, current) : List.of(current, baseline)) {
                System.out.println("round " + (round + 1) + ": " + war);
                try (Server server = new Server(tomcat, war, work, Integer.getInteger("bench.port", 18380),
                        System.getProperty("bench.heap", "256m"), Bench.settings())) {
                    Bench bench = new Bench(server, work, runs, small);
                    bench.run();
                    pool(war == baseline ? theirs : ours, bench.measured);
                }
            }
        }
        String report = report(ours, theirs, rounds, runs, small, baseline, load,
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println(report);
        Files.writeString(work.resolve("versus.md"), report);
    }

    private static void pool(Map<String, Stats> into, List<Stats> measured) {
        for (Stats s : measured) {
            into.computeIfAbsent(s.scenario, k -> new Stats(s.scenario, s.unit, s.higherIsBetter)).values.addAll(s.values);
        }
    }

    private static String report(Map<String, Stats> ours, Map<String, Stats> theirs, int rounds, int runs, boolean small,
            Path baseline, String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d rounds x %d runs per WAR%s, baseline %s; load average before: %s; after: %s%n%n",
                rounds, runs, small ? " (small scale)" : "", baseline.getFileName(), loadBefore, loadAfter));
        out.append("| scenario | this WAR (median) | baseline (median) | unit | this / baseline | spread this, baseline |\n");
        out.append("|---|---|---|---|---|---|\n");
        List<String> missing = new ArrayList<>();
        ours.forEach((name, s) -> {
            Stats b = theirs.get(name);
            if (b == null) {
                missing.add(name);
                return;
            }
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s | %.2f | %.0f %%, %.0f %% |%n", name, s.median(), b.median(),
                    s.unit, s.median() / b.median(), 100 * s.spread(), 100 * b.spread()));
        });
        missing.forEach(name -> out.append("| ").append(name).append(" | (not measured by the baseline) |||||\n"));
        return out.toString();
    }
}
