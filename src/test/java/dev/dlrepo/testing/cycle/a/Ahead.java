package dev.dlrepo.testing.cycle.a;

/** Half of a package cycle, for the test that the package rules see one (PackagesTest). */
public final class Ahead {
    public static Object behind() {
        return new dev.dlrepo.testing.cycle.b.Behind();
    }
}
