package dev.dlrepo.bench;

import java.util.ArrayList;
import java.util.List;

/** Repeated measurements of one scenario: median, min, max (in the scenario's unit). */
final class Stats {
    final String scenario;
    final String unit;
    final boolean higherIsBetter;
    final List<Double> values = new ArrayList<>();

    Stats(String scenario, String unit, boolean higherIsBetter) {
        this.scenario = scenario;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    void add(double v) {
        values.add(v);
        if (Boolean.getBoolean("bench.verbose")) {
            System.out.printf(java.util.Locale.ROOT, "  %s: %.1f %s%n", scenario, v, unit);
        }
    }

    double median() {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Spread between the extremes, relative to the median: how noisy the machine was. */
    double spread() {
        return (max() - min()) / median();
    }
}
