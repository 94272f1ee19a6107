package pog.pm.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.proc.Detached;
import pog.pm.config.ServiceConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a trader as its own session leader ({@code setsid}, through {@link Detached}, the one detached-process
 * starter PoG has): no controlling terminal, so the hangup of PM's terminal never reaches it; its own process group,
 * so a signal to PM's group never reaches it; stdin from /dev/null and output appended to its log file, so no pipe
 * ties it to PM. Nothing here ever kills it.
 */
public final class ProcessLauncher implements Launcher {
    private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);

    private final Path dataDir;

    public ProcessLauncher(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public Launched start(ServiceConfig service) throws IOException {
        Path logFile = service.logPath(dataDir).toAbsolutePath();
        long offset = LogTail.size(logFile);
        if (Detached.setsid().isEmpty()) {
            log.warn("event=no_setsid service={} detail=\"setsid not found: the trader shares PM's session\"",
                    service.id());
        }
        Process process = Detached.spawn(service.command(), service.workPath(), logFile, Map.of());
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
