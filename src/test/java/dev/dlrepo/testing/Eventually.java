package dev.dlrepo.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition another thread or process makes true: polls it until a deadline. */
public final class Eventually {
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails saying {@code what} did not happen in time. */
    public static void eventually(Duration timeout, String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.call()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(what + ": not within " + timeout);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (AssertionError | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(what, e);
        }
    }
}
