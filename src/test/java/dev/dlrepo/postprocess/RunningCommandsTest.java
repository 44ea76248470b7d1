package dev.dlrepo.postprocess;

import static dev.dlrepo.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up sweep of the process groups a dead server left, and of nobody else's. */
class RunningCommandsTest {
    @TempDir
    Path tmp;
    private Process leader;

    @AfterEach
    void stop() {
        if (leader != null) {
            ProcessGroup.ledBy(leader.pid()).kill();
        }
    }

    @Test
    void a_group_left_by_a_dead_server_of_this_host_is_killed_and_its_record_removed() throws Exception {
        // given a command with a child, recorded by a server that has died since
        ProcessGroup group = startGroup();
        RunningCommands dead = records(RunningCommands.thisHost(), deadServer());
        dead.record(group, tmp.resolve("fmt"));
        assertEquals(2, group.members().size(), "the command and its child");

        // when this server starts and sweeps
        int removed = records(RunningCommands.thisHost(), RunningCommands.Server.current()).sweep();

        // then the whole group is gone, and so is the record
        assertEquals(1, removed);
        assertTrue(group.members().isEmpty(), "left alive: " + group.members());
        assertEquals(List.of(), recordFiles());
    }

    @Test
    void a_live_servers_group_is_left_alone() throws Exception {
        // given a command recorded by a server that still runs (another node on this host; here: ourselves)
        ProcessGroup group = startGroup();
        records(RunningCommands.thisHost(), RunningCommands.Server.current()).record(group, tmp.resolve("fmt"));

        // when another server of this host sweeps
        int removed = records(RunningCommands.thisHost(), deadServer()).sweep();

        // then the command runs on, recorded
        assertEquals(0, removed);
        assertEquals(2, group.members().size());
        assertEquals(1, recordFiles().size());
    }

    @Test
    void another_hosts_record_is_never_acted_on_until_far_older_than_any_command() throws Exception {
        // given a record of a dead server on another host (whose pids happen to be ours)
        ProcessGroup group = startGroup();
        records("other-boot/pid:[1]", deadServer()).record(group, tmp.resolve("fmt"));

        // when this host sweeps, then nothing is killed and the record stays
        RunningCommands here = records(RunningCommands.thisHost(), RunningCommands.Server.current());
        assertEquals(0, here.sweep());
        assertEquals(2, group.members().size());
        assertEquals(1, recordFiles().size());

        // and once the record is older than a command may run (timeout + a day), it is only removed
        Files.setLastModifiedTime(recordFiles().get(0), FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        assertEquals(1, here.sweep());
        assertEquals(2, group.members().size());
        assertEquals(List.of(), recordFiles());
    }

    @Test
    void a_group_whose_leader_pid_was_reused_is_not_killed() throws Exception {
        // given a record whose leader pid now belongs to another, later process (our test's group leader
        // with another start time)
        ProcessGroup live = startGroup();
        ProcessGroup recorded = new ProcessGroup(live.pgid(), live.startTicks() - 1);
        records(RunningCommands.thisHost(), deadServer()).record(recorded, tmp.resolve("fmt"));

        // when this server sweeps, then the stranger lives on, and the stale record is gone
        assertEquals(1, records(RunningCommands.thisHost(), RunningCommands.Server.current()).sweep());
        assertEquals(2, live.members().size());
        assertEquals(List.of(), recordFiles());
    }

    // ----------------------------------------------------------------------------------------

    private RunningCommands records(String host, RunningCommands.Server server) {
        return new RunningCommands(tmp.resolve("data/.post-process"), host, server, Duration.ofSeconds(600).plusDays(1));
    }

    /** This JVM's pid with a start time it never had: a server that is gone. */
    private static RunningCommands.Server deadServer() {
        RunningCommands.Server me = RunningCommands.Server.current();
        return new RunningCommands.Server(me.pid(), me.startTicks() + 1);
    }

    /** A session leader and its child, as a command started by the server is. */
    private ProcessGroup startGroup() throws IOException, InterruptedException {
        Path started = tmp.resolve("started");
        leader = new ProcessBuilder("setsid", "--", "sh", "-c", "sleep 60 & touch '" + started + "'; wait")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile()).start();
        eventually(Duration.ofSeconds(10), "the group's child started", () -> Files.exists(started));
        return ProcessGroup.ledBy(leader.pid());
    }

    private List<Path> recordFiles() throws IOException {
        Path dir = tmp.resolve("data/.post-process");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
