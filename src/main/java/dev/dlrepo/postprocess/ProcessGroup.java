package dev.dlrepo.postprocess;

import java.util.List;
import java.util.logging.Logger;

/**
 * A command's process group: the command is started as the leader of a new session, so it and
 * every child that does not start a session of its own share its pid as group id. Java has no
 * killpg(); the members are found in {@code /proc} and killed one by one until none is left.
 *
 * @param pgid the leader's pid
 * @param startTicks the leader's start time: a member started before it belongs to another,
 *     older group that reused the number
 */
record ProcessGroup(long pgid, long startTicks) {
    private static final Logger LOG = Logger.getLogger(ProcessGroup.class.getName());
    private static final long PATIENCE_MILLIS = 5_000;

    /** The group led by a process just started (its start time read while it cannot be reaped). */
    static ProcessGroup ledBy(long pid) {
        return new ProcessGroup(pid, ProcStat.of(pid).map(ProcStat::startTicks).orElse(0L));
    }

    /** Whether the leader is gone or still the process that was recorded (not a reused pid). */
    boolean leaderIsOurs() {
        return ProcStat.of(pgid).map(p -> p.startTicks() == startTicks).orElse(true);
    }

    List<ProcStat> members() {
        return ProcStat.all().stream()
                .filter(p -> p.pgid() == pgid && p.alive() && p.startTicks() >= startTicks)
                .toList();
    }

    /** SIGKILLs every member, again while a member forks; true when none is left. */
    boolean kill() {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (true) {
            List<ProcStat> members = members();
            if (members.isEmpty()) {
                return true;
            }
            if (System.currentTimeMillis() > deadline) {
                LOG.warning("processes of post-process group " + pgid + " still alive after SIGKILL: " + members);
                return false;
            }
            members.forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return members().isEmpty();
            }
        }
    }
}
