package dev.dlrepo.postprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The command line that starts a post-process command so that its whole process tree dies with
 * the server, even with a kill -9: a command left running would write into its files once they
 * are hard links of shared blobs again (by the next finalize of the format).
 *
 * <ul>
 * <li>{@code setpriv --pdeathsig}: the kernel signals the first process when the server's thread
 *     that started it dies, which a JVM killed outright does too;
 * <li>{@code setsid}: the command leads a new session and process group, which its children
 *     join; the server kills the whole group when the command ends or times out;
 * <li>as root, {@code unshare --pid --fork --kill-child} as that first process: killed by the
 *     parent-death signal, it takes the PID namespace and everything in it down, including a
 *     child that left the group with a session of its own. Without it, a {@code sh} supervisor
 *     receives the signal (TERM, so that it can act) and kills its group.
 * </ul>
 * The pid of the first process is the group's id: setsid does not fork, since a process the JVM
 * just started is not a group leader.
 */
final class Launcher {
    static final String NAME = "dlrepo-post-process";
    private static final String SANDBOX = "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\" \"$1\""
            + " && mount --bind \"$2\" \"$2\" && mount -o remount,rw,bind \"$2\" \"$2\""
            + " && cd \"$2\" && shift 2 && exec \"$@\"";
    /** Runs the command as a job, so that the signal's trap can fire while it waits for it. */
    private static final String SUPERVISOR = "trap 'kill -KILL 0' TERM HUP; \"$@\" & wait $!";

    /**
     * The command is the first process of a new PID namespace (--kill-child: also when unshare
     * itself is killed); the namespace, and all it holds, ends with it.
     */
    private static final List<String> UNSHARE = List.of("unshare", "--mount", "--propagation", "private", "--pid",
            "--fork", "--kill-child");

    private final String setpriv;
    private final boolean sandbox;

    Launcher(String setpriv, boolean sandbox) {
        this.setpriv = setpriv;
        this.sandbox = sandbox;
    }

    /** With the namespaces when the server runs as root and they work here. */
    static Launcher forThisServer(String setpriv) {
        boolean root = "root".equals(System.getProperty("user.name"));
        return new Launcher(setpriv, root && works(withUnshare(setpriv, List.of("--", "true"))));
    }

    boolean sandboxed() {
        return sandbox;
    }

    /** Why commands cannot be started safely here, if they cannot (util-linux's setpriv or setsid missing). */
    Optional<String> missingTools() {
        if (works(List.of(setpriv, "--pdeathsig", "KILL", "--", "setsid", "--", "true"))) {
            return Optional.empty();
        }
        return Optional.of("'" + setpriv + " --pdeathsig KILL -- setsid -- true' failed: util-linux's setpriv and"
                + " setsid are needed to stop a command's processes with the server (see docs/deploy.md)");
    }

    List<String> argv(String command, Path root, Path formatDir) {
        if (sandbox) {
            return withUnshare(setpriv, List.of("--", "sh", "-c", SANDBOX, NAME, root.toString(), formatDir.toString(), command));
        }
        return List.of(setpriv, "--pdeathsig", "TERM", "--", "setsid", "--", "sh", "-c", SUPERVISOR, NAME, command);
    }

    private static List<String> withUnshare(String setpriv, List<String> rest) {
        List<String> argv = new ArrayList<>(List.of(setpriv, "--pdeathsig", "KILL", "--", "setsid", "--"));
        argv.addAll(UNSHARE);
        argv.addAll(rest);
        return argv;
    }

    private static boolean works(List<String> probe) {
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
