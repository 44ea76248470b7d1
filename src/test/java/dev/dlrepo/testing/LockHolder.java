package dev.dlrepo.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Another JVM holding an {@code fcntl} lock on a file until it is destroyed, as a request of another server receiving it does. */
public final class LockHolder implements AutoCloseable {
    private final Process process;

    private LockHolder(Process process) {
        this.process = process;
    }

    /** Returns once the other JVM holds the lock. */
    public static LockHolder on(Path file) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the lock holder said " + line);
        }
        return new LockHolder(p);
    }

    /** Ends the other JVM: its lock goes with it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** Whether a process other than this one finds the file locked: asked from a JVM of its own. */
    public static boolean lockedForOthers(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), "--probe", file.toString())
                .redirectErrorStream(true).start();
        String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        if (!answer.equals("held") && !answer.equals("free")) {
            throw new IllegalStateException("the lock probe said " + answer);
        }
        return answer.equals("held");
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--probe")) {
            try (FileChannel c = FileChannel.open(Path.of(args[1]), StandardOpenOption.WRITE); FileLock lock = c.tryLock()) {
                System.out.println(lock == null ? "held" : "free");
            }
            return;
        }
        try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE); FileLock lock = c.lock()) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
