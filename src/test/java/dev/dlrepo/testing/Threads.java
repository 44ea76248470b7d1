package dev.dlrepo.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Actions on a thread of their own, for tests of what waits for a lock. */
public final class Threads {
    private Threads() {
    }

    /** Runs {@code action} on a new thread; its result or failure completes the future. */
    public static <T> CompletableFuture<T> start(Callable<T> action) {
        return start(action, false);
    }

    /** {@link #start(Callable)} for an action without a result. */
    public static CompletableFuture<Void> start(Runnable action) {
        return start(() -> {
            action.run();
            return null;
        }, false);
    }

    /** As {@link #start}, returning once that thread waits (for a lock) or has ended. */
    public static <T> CompletableFuture<T> untilItWaits(Callable<T> action) {
        return start(action, true);
    }

    /** {@link #untilItWaits(Callable)} for an action without a result. */
    public static CompletableFuture<Void> untilItWaits(Runnable action) {
        return start(() -> {
            action.run();
            return null;
        }, true);
    }

    private static <T> CompletableFuture<T> start(Callable<T> action, boolean untilItWaits) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        while (untilItWaits && t.getState() != Thread.State.WAITING && t.isAlive()) {
            Thread.onSpinWait();
        }
        return result;
    }
}
