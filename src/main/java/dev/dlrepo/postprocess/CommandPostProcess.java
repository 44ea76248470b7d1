package dev.dlrepo.postprocess;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.PostProcess;
import dev.dlrepo.storage.Tree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code DLREPO_POST_PROCESS_CMD}, run when a format is finalized: no arguments, the format
 * directory as working directory, the server's environment (plus {@code DLREPO_ROOT_DIR}), its
 * output captured, logged and returned to the client on failure, killed with its children after
 * {@code DLREPO_POST_PROCESS_TIMEOUT} seconds.
 *
 * <p>The store hands the command private copies only. When the server runs as root, file modes
 * do not stop the command from writing elsewhere in the data directory (into a blob through
 * another job's link), so it then runs in a private mount namespace where the data directory is
 * read-only except for the format being processed, and in a private PID namespace: when the
 * command ends, the kernel kills whatever it left running, so no background child can write
 * into the format's files once they are hard links of shared blobs again.
 */
@ApplicationScoped
public class CommandPostProcess implements PostProcess {
    private static final Logger LOG = Logger.getLogger(CommandPostProcess.class.getName());
    /** Output kept for the client and the log, from the end: that is where errors are. */
    static final int OUTPUT_LIMIT = 64 * 1024;
    private static final String SANDBOX = "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\" \"$1\""
            + " && mount --bind \"$2\" \"$2\" && mount -o remount,rw,bind \"$2\" \"$2\""
            + " && cd \"$2\" && shift 2 && exec \"$@\"";

    /**
     * The command is the first process of a new PID namespace (--kill-child: also when unshare
     * itself is killed at the timeout); the namespace, and all it holds, ends with it.
     */
    private static final List<String> UNSHARE = List.of("--mount", "--propagation", "private", "--pid",
            "--fork", "--kill-child");

    private Optional<String> command;
    private Optional<Pattern> filter;
    private int timeoutSeconds;
    private Path root;
    private boolean sandbox;

    protected CommandPostProcess() {
    }

    @Inject
    public CommandPostProcess(Settings settings, Tree tree) {
        this.command = settings.postProcessCommand();
        this.filter = settings.postProcessFilter();
        this.timeoutSeconds = settings.postProcessTimeout();
        this.root = tree.root();
        this.sandbox = command.isPresent() && "root".equals(System.getProperty("user.name")) && sandboxWorks();
        command.ifPresent(c -> LOG.info("post-process command " + c + (sandbox ? " (read-only data directory)" : "")
                + ", filter " + filter.map(Pattern::pattern).orElse("none") + ", timeout " + timeoutSeconds + " s"));
    }

    @Override
    public boolean appliesTo(Set<String> paths) {
        if (command.isEmpty()) {
            return false;
        }
        return filter.map(f -> paths.stream().anyMatch(p -> f.matcher(p).lookingAt())).orElse(true);
    }

    @Override
    public Outcome run(Path formatDir) {
        String cmd = command.orElseThrow();
        List<String> argv = new ArrayList<>();
        if (sandbox) {
            argv.add("unshare");
            argv.addAll(UNSHARE);
            argv.addAll(List.of("--", "sh", "-c", SANDBOX, "dlrepo-post-process", root.toString(), formatDir.toString()));
        }
        argv.add(cmd);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(formatDir.toFile()).redirectErrorStream(true);
        // the data directory in use: JNDI or a system property may name another one than the
        // server's environment does, and the command must look at the tree it is working on
        builder.environment().put("DLREPO_ROOT_DIR", root.toString());
        Process process;
        try {
            process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return logged(formatDir, Outcome.failure("command " + cmd + " could not start: " + e.getMessage()));
        }
        OutputTail output = OutputTail.drain(process.getInputStream(), OUTPUT_LIMIT);
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill(process);
                return logged(formatDir, Outcome.failure("command " + cmd + " timed out after " + timeoutSeconds
                        + " s (cwd " + formatDir + ")\n" + output.await()));
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return logged(formatDir, Outcome.failure("command " + cmd + " interrupted\n" + output.await()));
        }
        String text = output.await();
        int status = process.exitValue();
        if (status != 0) {
            return logged(formatDir, Outcome.failure("command " + cmd + " exited " + status + " (cwd " + formatDir + ")\n" + text));
        }
        return logged(formatDir, Outcome.success(text));
    }

    /** The command and whatever it started: a daemonized child must not outlive the timeout. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Outcome logged(Path formatDir, Outcome outcome) {
        LOG.log(outcome.succeeded() ? Level.INFO : Level.SEVERE,
                (outcome.succeeded() ? "post process done in " + formatDir + "\n" : "post process failed: ") + outcome.detail());
        return outcome;
    }

    private static boolean sandboxWorks() {
        try {
            List<String> probe = new ArrayList<>(List.of("unshare"));
            probe.addAll(UNSHARE);
            probe.addAll(List.of("--", "true"));
            Process p = new ProcessBuilder(probe)
                    .redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
