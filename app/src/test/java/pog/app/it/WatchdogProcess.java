package pog.app.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code pog watchdog ...} as a real process: {@code java -jar pog.jar watchdog ...}. */
final class WatchdogProcess {
    private WatchdogProcess() {
    }

    static PogProcess start(Path workDir, String name, List<String> args) throws IOException {
        return start(workDir, name, args, Map.of());
    }

    static PogProcess start(Path workDir, String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> full = new ArrayList<>(List.of("watchdog"));
        full.addAll(args);
        return PogProcess.start(workDir, name, full, env);
    }
}
