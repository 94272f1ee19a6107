package pog.common.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a process is alive in the sense that matters to a supervisor: it can still do something. A zombie (state
 * {@code Z}, or {@code X}) has exited and only waits for its parent to read its status, yet {@link ProcessHandle#isAlive}
 * calls it alive; here it is dead. Where {@code /proc} is missing (not Linux) it falls back to the JDK's answer.
 */
public final class Liveness {
    private static final boolean PROC = Files.isDirectory(Path.of("/proc/self"));

    private Liveness() {
    }

    public static boolean alive(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        return !zombie(pid);
    }

    /** The live (not zombie) process with this pid, if any. */
    public static Optional<ProcessHandle> handle(long pid) {
        return ProcessHandle.of(pid).filter(p -> p.isAlive() && !zombie(pid));
    }

    /** True when {@code /proc/<pid>/stat} says the process has exited but was not reaped yet. */
    public static boolean zombie(long pid) {
        if (!PROC) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length()) {
                return false;
            }
            char state = stat.charAt(close + 2);
            return state == 'Z' || state == 'X' || state == 'x';
        } catch (IOException | RuntimeException gone) {
            // vanished between the two looks: not a zombie, simply gone (alive() already said so or will)
            return !Files.exists(Path.of("/proc", Long.toString(pid)));
        }
    }
}
