package pog.app.it;

import picocli.CommandLine.Command;
import pog.app.Main;
import pog.app.watchdog.WatchdogCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code pog watchdog ...} as a real process: {@code java -jar pog.jar watchdog ...} once the command is on
 * {@code pog}'s list, else its class run directly from the same jar (same code, same exit codes).
 */
final class WatchdogProcess {
    private WatchdogProcess() {
    }

    static boolean registered() {
        return Arrays.asList(Main.class.getAnnotation(Command.class).subcommands()).contains(WatchdogCommand.class);
    }

    static PogProcess start(Path workDir, String name, List<String> args) throws IOException {
        return start(workDir, name, args, Map.of());
    }

    static PogProcess start(Path workDir, String name, List<String> args, Map<String, String> env) throws IOException {
        if (registered()) {
            List<String> full = new ArrayList<>(List.of("watchdog"));
            full.addAll(args);
            return PogProcess.start(workDir, name, full, env);
        }
        return PogProcess.startClass(workDir, name, WatchdogCommand.class.getName(), args, env);
    }
}
