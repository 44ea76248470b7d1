package dev.dlrepo.postprocess;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}: what identifies a process across pid reuse (its start
 * time, in clock ticks since boot) and which process group it belongs to.
 */
record ProcStat(long pid, char state, long pgid, long startTicks) {
    private static final Path PROC = Path.of("/proc");

    static Optional<ProcStat> of(long pid) {
        try {
            return Optional.of(parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not Linux
        }
    }

    /** Every process visible in this PID namespace. */
    static List<ProcStat> all() {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path dir : dirs) {
                of(Long.parseLong(dir.getFileName().toString())).ifPresent(out::add);
            }
        } catch (IOException e) {
            // no /proc: nothing to find
        }
        return out;
    }

    static ProcStat parse(String line) {
        // the command name may hold spaces and parentheses: the fields start after the last ')'
        int close = line.lastIndexOf(')');
        long pid = Long.parseLong(line.substring(0, line.indexOf(' ')).trim());
        String[] f = line.substring(close + 2).trim().split(" ");
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19]));
    }

    /** A zombie is dead already; it only waits for its parent to reap it. */
    boolean alive() {
        return state != 'Z' && state != 'X';
    }
}
