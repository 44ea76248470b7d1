package dev.dlrepo.testing.cycle.b;

/** The other half of the package cycle (PackagesTest). */
public final class Behind {
    public Object ahead() {
        return dev.dlrepo.testing.cycle.a.Ahead.behind();
    }
}
