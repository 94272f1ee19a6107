package pog.pm.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.pm.config.ServiceConfig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a trader as its own session leader ({@code setsid}): no controlling terminal, so the hangup of PM's
 * terminal never reaches it; its own process group, so a signal to PM's group never reaches it; stdin from
 * /dev/null and output appended to its log file, so no pipe ties it to PM. Nothing here ever kills it.
 */
public final class ProcessLauncher implements Launcher {
    private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);
    private static final File DEV_NULL = new File(System.getProperty("os.name").toLowerCase().startsWith("windows")
            ? "NUL" : "/dev/null");

    private final Path dataDir;
    private final String setsid;

    public ProcessLauncher(Path dataDir) {
        this.dataDir = dataDir;
        this.setsid = findSetsid();
    }

    private static String findSetsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    @Override
    public Launched start(ServiceConfig service) throws IOException {
        Path logFile = service.logPath(dataDir).toAbsolutePath();
        Files.createDirectories(logFile.getParent());
        long offset = LogTail.size(logFile);
        List<String> cmd = new ArrayList<>();
        if (setsid != null) {
            // PM's JVM child is never a process-group leader, so setsid execs in place: the pid is the trader's
            cmd.add(setsid);
        } else {
            log.warn("event=no_setsid service={} detail=\"setsid not found: the trader shares PM's session\"",
                    service.id());
        }
        cmd.addAll(service.command());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(service.workPath().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        Process process = pb.start();
        ProcessHandle handle = process.toHandle();
        PidFile.write(PidFile.of(dataDir, service.id()), handle);
        log.info("event=launched service={} pid={} log={}", service.id(), handle.pid(), logFile);
        // PM is the parent (setsid execs in place), so the exit code is known the moment the trader exits; after a
        // PM restart the trader is adopted and nobody can know it any more
        return new Launched(handle.pid(), process.onExit().thenApply(Process::exitValue), logFile, offset);
    }

    @Override
    public boolean stop(ServiceConfig service) {
        return false;
    }
}
