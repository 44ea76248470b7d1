package dev.dlrepo.postprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The commands this server runs, one small file each under {@code <root>/.post-process/}, so
 * that a server starting after a crash can kill the process groups its previous run left (the
 * parent-death signal is the first line of defence; this is the second).
 *
 * <p>Several servers may share the data directory, on several hosts or in several containers of
 * one host. A record names its host (boot id and PID namespace: pids mean nothing elsewhere) and
 * its server (pid and start time): a group is killed only by a server of the same host and PID
 * namespace, and only once the server that started it is dead. Records of other hosts are left to
 * them, and only removed when far older than any command may run.
 */
final class RunningCommands {
    private static final Logger LOG = Logger.getLogger(RunningCommands.class.getName());

    private final Path dir;
    private final String host;
    private final Server server;
    private final Duration foreignLifetime;

    RunningCommands(Path dir, String host, Server server, Duration foreignLifetime) {
        this.dir = dir;
        this.host = host;
        this.server = server;
        this.foreignLifetime = foreignLifetime;
    }

    /** This server's, for commands that run at most {@code timeoutSeconds}. */
    static RunningCommands of(Path root, int timeoutSeconds) {
        return new RunningCommands(root.resolve(".post-process"), thisHost(),
                Server.current(), Duration.ofSeconds(timeoutSeconds).plusDays(1));
    }

    /** Boot id and PID namespace: what makes a pid meaningful. */
    static String thisHost() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim()
                    + "/" + Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    /** Records a group just started; closing the record kills what is left of the group, then removes it. */
    Record record(ProcessGroup group, Path formatDir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(UUID.randomUUID() + ".cmd");
        String text = "host=" + host + "\nserver=" + server.pid() + " " + server.startTicks()
                + "\ngroup=" + group.pgid() + " " + group.startTicks() + "\ndir=" + formatDir + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Record(file, group);
    }

    /** A running command's record. */
    static final class Record implements AutoCloseable {
        private final Path file;
        private final ProcessGroup group;

        private Record(Path file, ProcessGroup group) {
            this.file = file;
            this.group = group;
        }

        /** Kills the processes the command left: none may write once the files are blobs again. */
        @Override
        public void close() throws IOException {
            if (group.kill()) {
                Files.deleteIfExists(file); // else kept: the next start-up tries again
            }
        }
    }

    /**
     * Kills the groups left by dead servers of this host and removes their records; returns how
     * many records it removed.
     */
    int sweep() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cmd")) {
            for (Path file : files) {
                removed += sweep(file) ? 1 : 0;
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.warning("post-process records not readable: " + e);
        }
        return removed;
    }

    private boolean sweep(Path file) throws IOException {
        Map<String, String> r = read(file);
        long[] owner = pidAndStart(r.get("server"));
        long[] leader = pidAndStart(r.get("group"));
        if (!host.equals(r.get("host")) || owner == null || leader == null) {
            // another host's, or unreadable: never ours to kill
            if (Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(foreignLifetime))) {
                return Files.deleteIfExists(file);
            }
            return false;
        }
        if (new Server(owner[0], owner[1]).alive()) {
            return false; // a live server's command (another node on this host, or ours)
        }
        ProcessGroup group = new ProcessGroup(leader[0], leader[1]);
        if (group.leaderIsOurs() && !group.members().isEmpty()) {
            LOG.warning("killing post-process command " + group.pgid() + " left running in " + r.get("dir")
                    + " by server " + owner[0] + ", which is gone");
            if (!group.kill()) {
                return false;
            }
        }
        return Files.deleteIfExists(file);
    }

    /** A server's JVM, told from a later process that reused its pid by its start time. */
    record Server(long pid, long startTicks) {
        static Server current() {
            long pid = ProcessHandle.current().pid();
            return new Server(pid, ProcStat.of(pid).map(ProcStat::startTicks).orElse(0L));
        }

        boolean alive() {
            return ProcStat.of(pid).filter(p -> p.startTicks() == startTicks && p.alive()).isPresent();
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    private static long[] pidAndStart(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.trim().split(" ");
        try {
            return f.length == 2 ? new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
