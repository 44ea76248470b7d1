package dev.dlrepo.postprocess;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.PostProcess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
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
 * <p>The store hands the command private copies only, and links them to blobs again once the
 * command has ended: from then on, a process of the command still running could write into
 * shared blobs. So none outlives it: the command leads a process group that is killed when it
 * ends, the kernel kills the command's tree when the server dies ({@link Launcher}), and a server
 * starting after a crash kills the groups its previous run left ({@link RunningCommands}).
 *
 * <p>When the server runs as root, file modes do not stop the command from writing elsewhere in
 * the data directory (into a blob through another job's link), so it then runs in a private
 * mount namespace where the data directory is read-only except for the format being processed,
 * and in a private PID namespace that ends with it.
 */
@ApplicationScoped
public class CommandPostProcess implements PostProcess {
    private static final Logger LOG = Logger.getLogger(CommandPostProcess.class.getName());
    /** Output kept for the client and the log, from the end: that is where errors are. */
    static final int OUTPUT_LIMIT = 64 * 1024;

    private Optional<String> command;
    private Optional<Pattern> filter;
    private int timeoutSeconds;
    private Path root;
    private Launcher launcher;
    private Optional<String> unsafe;
    private RunningCommands running;

    protected CommandPostProcess() {
    }

    @Inject
    public CommandPostProcess(Settings settings) {
        this(settings, settings.postProcessCommand().isPresent() ? Launcher.forThisServer("setpriv")
                : new Launcher("setpriv", false));
    }

    CommandPostProcess(Settings settings, Launcher launcher) {
        this.command = settings.postProcessCommand();
        this.filter = settings.postProcessFilter();
        this.timeoutSeconds = settings.postProcessTimeout();
        this.root = settings.rootDir(); // the data directory the store opened (absolute, normalised)
        this.launcher = launcher;
        this.running = RunningCommands.of(root, timeoutSeconds);
        this.unsafe = command.isPresent() ? launcher.missingTools() : Optional.empty();
        unsafe.ifPresent(why -> LOG.severe("post-process command " + command.get() + " will not run, every finalize"
                + " that needs it fails: " + why));
        command.ifPresent(c -> LOG.info("post-process command " + c + (launcher.sandboxed() ? " (read-only data directory)" : "")
                + ", filter " + filter.map(Pattern::pattern).orElse("none") + ", timeout " + timeoutSeconds + " s"));
    }

    /** At start-up (storage's crash recovery asks first): a command a dead server left running is killed now. */
    @Override
    public void endLeftovers() {
        running.sweep();
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
        if (unsafe.isPresent()) {
            return logged(formatDir, Outcome.failure("command " + cmd + " not started: " + unsafe.get()));
        }
        // a command of a server of this host that died since our start-up must not race this one
        running.sweep();
        ProcessBuilder builder = new ProcessBuilder(launcher.argv(cmd, root, formatDir))
                .directory(formatDir.toFile()).redirectErrorStream(true);
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
        ProcessGroup group = ProcessGroup.ledBy(process.pid());
        Outcome outcome;
        try (RunningCommands.Record record = running.record(group, formatDir)) {
            outcome = await(process, group, cmd, formatDir, output);
        } catch (IOException e) {
            // the record could not be written (or removed): the command must not run unrecorded
            group.kill();
            process.destroyForcibly();
            return logged(formatDir, Outcome.failure("command " + cmd + " stopped, its record under "
                    + root.resolve(".post-process") + " failed: " + e));
        }
        return logged(formatDir, outcome);
    }

    /** Waits for the command, then kills what is left of its group (before the output: it may hold it open). */
    private Outcome await(Process process, ProcessGroup group, String cmd, Path formatDir, OutputTail output) {
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                group.kill();
                return Outcome.failure("command " + cmd + " timed out after " + timeoutSeconds
                        + " s (cwd " + formatDir + ")\n" + output.await());
            }
        } catch (InterruptedException e) {
            group.kill();
            Thread.currentThread().interrupt();
            return Outcome.failure("command " + cmd + " interrupted\n" + output.await());
        }
        int status = process.exitValue();
        group.kill();
        String text = output.await();
        if (status != 0) {
            return Outcome.failure("command " + cmd + " exited " + status + " (cwd " + formatDir + ")\n" + text);
        }
        return Outcome.success(text);
    }

    /**
     * Logs the whole text; a failure is returned as the client sees it (the 500's output): paths
     * relative to the format, never the data directory's own path (where the server keeps
     * everything).
     */
    private Outcome logged(Path formatDir, Outcome outcome) {
        LOG.log(outcome.succeeded() ? Level.INFO : Level.SEVERE,
                (outcome.succeeded() ? "post process done in " + formatDir + "\n" : "post process failed: ") + outcome.detail());
        if (outcome.succeeded()) {
            return outcome;
        }
        return Outcome.failure(outcome.detail().replace(formatDir + "/", "").replace(formatDir.toString(), ".")
                .replace(root.toString(), "<data directory>"));
    }
}
