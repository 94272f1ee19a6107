package pog.pm.launch;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A trader a launcher just started: its pid when known, and, for a process PM itself started, its exit code (PM
 * is its parent, so the code is known the moment it exits) and where this run's output begins in its log file.
 *
 * @param exit completes with the exit code; null when PM cannot know it (systemd, adopted traders)
 */
public record Launched(Long pid, CompletableFuture<Integer> exit, Path logFile, long logOffset) {
    /** A start whose process PM does not own (systemd): no pid right away, no exit code. */
    public static Launched unowned() {
        return new Launched(null, null, null, 0);
    }

    public boolean exited() {
        return exit != null && exit.isDone();
    }

    /** The exit code if the process has exited, else null. */
    public Integer exitCode() {
        return exited() ? exit.getNow(null) : null;
    }
}
