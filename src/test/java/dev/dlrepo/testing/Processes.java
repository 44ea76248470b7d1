package dev.dlrepo.testing;

/** The processes of this machine, as a test that must know a command and its children ended sees them. */
public final class Processes {
    private Processes() {
    }

    /**
     * Whether a live process's command line mentions {@code text}: a test's own temporary directory
     * names its scripts, so their shells and the subshells they fork all mention it. A zombie has
     * no command line left and does not count.
     */
    public static boolean anyMentioning(String text) {
        return ProcessHandle.allProcesses()
                .anyMatch(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(text)).orElse(false));
    }
}
