package dev.dlrepo.postprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a process's output on its own thread (a full pipe would block the command) and keeps the
 * last {@code limit} bytes of it.
 */
final class OutputTail {
    private final CompletableFuture<String> text;

    private OutputTail(CompletableFuture<String> text) {
        this.text = text;
    }

    static OutputTail drain(InputStream in, int limit) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            byte[] ring = new byte[limit];
            long total = 0;
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        ring[(int) (total++ % limit)] = buffer[i];
                    }
                }
            } catch (IOException e) {
                // the process was killed: keep what arrived
            }
            text.complete(tail(ring, total, limit));
        }, "dlrepo-post-process-output");
        reader.setDaemon(true);
        reader.start();
        return new OutputTail(text);
    }

    private static String tail(byte[] ring, long total, int limit) {
        if (total <= limit) {
            return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
        }
        int start = (int) (total % limit);
        byte[] out = new byte[limit];
        System.arraycopy(ring, start, out, 0, limit - start);
        System.arraycopy(ring, 0, out, limit - start, start);
        return "[" + (total - limit) + " bytes cut]\n" + new String(out, StandardCharsets.UTF_8);
    }

    /** The output so far; a child that kept the pipe open is not waited for long. */
    String await() {
        try {
            return text.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "[output still open after the command ended]";
        } catch (ExecutionException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
