package dev.dlrepo.postprocess;

import static dev.dlrepo.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import dev.dlrepo.storage.PostProcess.Outcome;
import dev.dlrepo.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command itself: how it is started, what it sees, how its end and its output are reported. */
class CommandPostProcessTest {
    @TempDir
    Path tmp;
    private Path root;
    private Path formatDir;

    @BeforeEach
    void tree() throws IOException {
        root = tmp.resolve("data");
        formatDir = root.resolve("branches/main/t1/job1/fmt");
        Files.createDirectories(formatDir);
    }

    @Test
    void the_command_runs_in_the_format_directory_and_its_output_is_kept() throws IOException {
        // given a command that talks on both streams
        CommandPostProcess command = command(script("talk.sh", "echo \"in $(pwd)\"; echo 'a warning' >&2"));

        // when it runs
        Outcome outcome = command.run(formatDir);

        // then it succeeded, in the format directory, and both streams were kept
        assertTrue(outcome.succeeded(), outcome.detail());
        assertTrue(outcome.detail().contains("in " + formatDir), outcome.detail());
        assertTrue(outcome.detail().contains("a warning"), outcome.detail());
    }

    @Test
    void a_non_zero_exit_is_a_failure_with_status_and_output() throws IOException {
        // given a command that fails with a message on stderr
        CommandPostProcess command = command(script("fail.sh", "echo 'signing failed: no key' >&2; exit 3"));

        // when it runs
        Outcome outcome = command.run(formatDir);

        // then the failure says how it ended and what it printed
        assertFalse(outcome.succeeded());
        assertTrue(outcome.detail().contains("exited 3"), outcome.detail());
        assertTrue(outcome.detail().contains("signing failed: no key"), outcome.detail());
    }

    @Test
    void a_failure_shows_paths_relative_to_the_format_never_the_data_directory() throws IOException {
        // given a command that fails naming files by absolute path, and the data directory
        CommandPostProcess command = command(script("where.sh",
                "echo \"cannot sign $(pwd)/sub/foo.rpm\"; echo \"root is $DLREPO_ROOT_DIR\"; exit 1"));
        Outcome outcome = command.run(formatDir);
        assertFalse(outcome.succeeded());
        assertTrue(outcome.detail().contains("cannot sign sub/foo.rpm"), outcome.detail());
        assertTrue(outcome.detail().contains("root is <data directory>"), outcome.detail());
        assertTrue(outcome.detail().contains("(cwd .)"), outcome.detail());
        assertFalse(outcome.detail().contains(root.toString()), outcome.detail());
    }

    @Test
    void a_command_that_cannot_start_is_a_failure() {
        // given a command that does not exist
        CommandPostProcess command = command(tmp.resolve("no-such-command"));

        // when it runs, then it failed, saying so
        Outcome outcome = command.run(formatDir);
        assertFalse(outcome.succeeded());
        assertTrue(outcome.detail().contains("no-such-command"), outcome.detail());
    }

    @Test
    void a_command_past_its_timeout_is_killed_with_its_children() throws IOException, InterruptedException {
        // given a command that starts a background child (which would leave a mark after 4 s),
        // then sleeps past a 2 s timeout
        Path mark = tmp.resolve("child-was-here");
        CommandPostProcess command = command(script("slow.sh",
                "(sleep 4; touch '" + mark + "') &\necho 'started'\nsleep 60"), Settings.POST_PROCESS_TIMEOUT, "2");

        // when it runs
        Outcome outcome = command.run(formatDir);

        // then it is stopped by the timeout, with its output
        assertFalse(outcome.succeeded());
        assertTrue(outcome.detail().contains("timed out after 2 s"), outcome.detail());
        assertTrue(outcome.detail().contains("started"), outcome.detail());
        // and the child is gone too: once no process of the script is left, nothing can leave the mark
        eventually(Duration.ofSeconds(30), "the script's processes end", () -> !Processes.anyMentioning(tmp.toString()));
        assertFalse(Files.exists(mark), "the background child outlived the timeout");
    }

    @Test
    void the_command_sees_the_data_directory_and_the_servers_environment() throws IOException {
        // given a command that prints its environment
        CommandPostProcess command = command(script("env.sh", "echo \"root=$DLREPO_ROOT_DIR\"; echo \"path=$PATH\""));

        // when it runs
        Outcome outcome = command.run(formatDir);

        // then DLREPO_ROOT_DIR is the data directory in use, and the server's own variables are there
        assertTrue(outcome.succeeded(), outcome.detail());
        assertTrue(outcome.detail().contains("root=" + root + "\n"), outcome.detail());
        assertTrue(outcome.detail().contains("path=" + System.getenv("PATH") + "\n"), outcome.detail());
    }

    @Test
    void the_command_reads_no_input() throws IOException {
        // given a command that reads its standard input
        CommandPostProcess command = command(script("read.sh", "cat > /dev/null; echo done"), Settings.POST_PROCESS_TIMEOUT, "5");

        // when it runs, then it gets end of file at once instead of waiting for the timeout
        Outcome outcome = command.run(formatDir);
        assertTrue(outcome.succeeded(), outcome.detail());
    }

    @Test
    void a_command_name_is_looked_up_in_the_path() {
        // given a command given by name
        CommandPostProcess command = command(Path.of("true"));

        // when it runs, then PATH found it
        assertTrue(command.run(formatDir).succeeded());
    }

    @Test
    void long_output_keeps_its_end() throws IOException {
        // given a command that prints far more than is kept, the error last
        CommandPostProcess command = command(script("loud.sh",
                "i=0; while [ $i -lt 20000 ]; do echo \"line $i of noise\"; i=$((i+1)); done; echo 'the real error'; exit 1"));

        // when it runs
        Outcome outcome = command.run(formatDir);

        // then the end of the output is kept and the cut is said
        assertFalse(outcome.succeeded());
        assertTrue(outcome.detail().endsWith("the real error\n"), outcome.detail().substring(outcome.detail().length() - 100));
        assertTrue(outcome.detail().contains("bytes cut]"));
        assertTrue(outcome.detail().length() < CommandPostProcess.OUTPUT_LIMIT + 1000);
    }

    @Test
    void the_filter_is_matched_at_the_start_of_each_path_like_python_re_match() {
        // given a filter for rpms and Release files
        CommandPostProcess command = command(Path.of("true"), Settings.POST_PROCESS_FILTER, "^(.+\\.rpm|Release)$");

        // then a format qualifies when at least one listed path matches from its start
        assertTrue(command.appliesTo(Set.of("readme.txt", "x86_64/foo.rpm")));
        assertTrue(command.appliesTo(Set.of("Release")));
        assertFalse(command.appliesTo(Set.of("dists/stable/Release", "foo.rpm.sig")));
        assertFalse(command.appliesTo(Set.of()), "an empty format never matches a filter");
        // and re.match anchors at the start only
        assertTrue(command(Path.of("true"), Settings.POST_PROCESS_FILTER, "repodata").appliesTo(Set.of("repodata/repomd.xml")));
        assertFalse(command(Path.of("true"), Settings.POST_PROCESS_FILTER, "repomd").appliesTo(Set.of("repodata/repomd.xml")));
    }

    @Test
    void without_a_filter_every_format_qualifies_and_without_a_command_none() {
        assertTrue(command(Path.of("true")).appliesTo(Set.of()));
        assertFalse(new CommandPostProcess(Settings.of(Map.of(Settings.ROOT_DIR, root.toString())))
                .appliesTo(Set.of("foo.rpm")));
    }

    @Test
    void children_left_running_when_the_command_ends_are_killed_before_it_returns() throws IOException, InterruptedException {
        // given a command, run without namespaces, that leaves a child behind which would leave a mark after 2 s
        Path mark = tmp.resolve("child-was-here");
        CommandPostProcess command = command(new Launcher("setpriv", false),
                script("leave.sh", "(sleep 2; touch '" + mark + "') &\necho 'done'"));

        // when it runs and ends
        Outcome outcome = command.run(formatDir);

        // then it succeeded, and the child is gone with it: nothing writes into the files once they are blobs again
        assertTrue(outcome.succeeded(), outcome.detail());
        eventually(Duration.ofSeconds(30), "the script's processes end", () -> !Processes.anyMentioning(tmp.toString()));
        assertFalse(Files.exists(mark), "a child of the command outlived it");
    }

    @Test
    void the_commands_tree_dies_with_the_server_thread_that_started_it() throws Exception {
        diesWithTheThreadThatStartedIt(false);
    }

    @Test
    void the_commands_tree_dies_with_the_server_thread_that_started_it_in_its_namespaces_too() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Launcher.forThisServer("setpriv").sandboxed(),
                "namespaces need root (the CI runs as root)");
        diesWithTheThreadThatStartedIt(true);
    }

    private void diesWithTheThreadThatStartedIt(boolean sandbox) throws Exception {
        {
            // given a command (with a child) started by a thread that then dies, as a server's do when it is killed -9
            Path mark = tmp.resolve("mark-" + sandbox);
            Path started = tmp.resolve("started-" + sandbox);
            Launcher launcher = new Launcher("setpriv", sandbox);
            Path script = script("orphan-" + sandbox + ".sh", "(sleep 2; touch '" + mark + "') &\ntouch '" + started
                    + "'\nsleep 2; touch '" + mark + "'");
            Process[] process = new Process[1];
            Thread server = new Thread(() -> {
                try {
                    process[0] = new ProcessBuilder(launcher.argv(script.toString(), root, formatDir))
                            .directory(formatDir.toFile()).redirectErrorStream(true)
                            .redirectOutput(tmp.resolve("out-" + sandbox).toFile()).start();
                    waitFor(started);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            server.start();
            server.join();

            // then neither the command nor its child lives on
            eventually(Duration.ofSeconds(30), "the script's processes end", () -> !Processes.anyMentioning(tmp.toString()));
            assertFalse(Files.exists(mark), "the command outlived the thread that started it (namespaces: " + sandbox + ")");
            assertTrue(process[0].waitFor(5, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void without_setpriv_no_command_runs_and_the_finalize_fails_saying_why() throws IOException {
        // given a server where util-linux's setpriv is missing
        Path mark = tmp.resolve("ran");
        CommandPostProcess command = command(new Launcher(tmp.resolve("no-setpriv").toString(), false),
                script("mark.sh", "touch '" + mark + "'"));

        // when a format is finalized, then the command did not run, and the failure says what is missing
        Outcome outcome = command.run(formatDir);
        assertFalse(outcome.succeeded());
        assertTrue(outcome.detail().contains("setpriv"), outcome.detail());
        assertFalse(Files.exists(mark));
    }

    // ----------------------------------------------------------------------------------------

    private static void waitFor(Path file) {
        eventually(Duration.ofSeconds(10), file + " appears", () -> Files.exists(file));
    }

    private CommandPostProcess command(Launcher launcher, Path cmd) {
        return new CommandPostProcess(Settings.of(Map.of(Settings.ROOT_DIR, root.toString(),
                Settings.POST_PROCESS_CMD, cmd.toString())), launcher);
    }

    private CommandPostProcess command(Path cmd, String... more) {
        Map<String, String> values = new HashMap<>();
        values.put(Settings.ROOT_DIR, root.toString());
        values.put(Settings.POST_PROCESS_CMD, cmd.toString());
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return new CommandPostProcess(Settings.of(values));
    }

    private Path script(String name, String body) throws IOException {
        Path file = tmp.resolve("bin").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
