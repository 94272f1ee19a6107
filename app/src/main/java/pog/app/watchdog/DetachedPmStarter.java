package pog.app.watchdog;

import pog.app.Main;
import pog.common.proc.Detached;
import pog.pm.PmJvm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code pog pm --config FILE} as this same program (same java, same jar, PM's JVM options from
 * {@link PmJvm}, as {@code ./pog pm} does) in its own session
 * with output appended to {@code <pm dataDir>/pm.out}. PM outlives this watchdog; the watchdog never signals it.
 */
final class DetachedPmStarter implements PmStarter {
    private final Path config;
    private final Path workDir;
    private final Path logFile;
    private final Runnable onExit;

    /** @param onExit runs when a PM this watchdog started exits, so the loop can look at once */
    DetachedPmStarter(Path config, Path workDir, Path logFile, Runnable onExit) {
        this.config = config;
        this.workDir = workDir;
        this.logFile = logFile;
        this.onExit = onExit;
    }

    static List<String> command(Path config) {
        // PM's own JVM options (pog/pm/jvm.options), not the watchdog's: the same PM as ./pog pm starts
        List<String> cmd = new ArrayList<>(PmJvm.command(Detached.selfCommand(Main.class), System.getenv()));
        cmd.addAll(List.of("pm", "--config", config.toString()));
        return cmd;
    }

    @Override
    public Launched start() throws IOException {
        // traders PM starts through ./pog must not rebuild the jar under running services
        ProcessHandle p = Detached.start(command(config), workDir, logFile, Map.of("POG_SKIP_BUILD", "1"));
        p.onExit().thenRun(onExit);
        return new Launched() {
            @Override
            public long pid() {
                return p.pid();
            }

            @Override
            public boolean alive() {
                return p.isAlive();
            }
        };
    }
}
