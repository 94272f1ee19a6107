package pog.app.watchdog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The live process holding PM's data-directory lock, if any: a PM that is starting (not listening yet) or hung. The
 * lock file names the pid that took it; a pid whose process started after the file was written is a reused pid (a
 * reboot, a wrap-around), not the holder. Reading the file never takes the lock, so a PM starting at this very moment
 * is never disturbed.
 */
@FunctionalInterface
public interface LockHolder {
    OptionalLong pid();

    static LockHolder of(Path dataDir) {
        Path file = dataDir.resolve(pog.common.fs.DirLock.FILE);
        return () -> {
            try {
                if (!Files.isRegularFile(file)) {
                    return OptionalLong.empty();
                }
                String text = Files.readString(file).trim();
                if (text.isEmpty()) {
                    return OptionalLong.empty();
                }
                long pid = Long.parseLong(text.split("\\s+")[0]);
                Instant written = Files.getLastModifiedTime(file).toInstant();
                Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
                if (p.isEmpty() || pid == ProcessHandle.current().pid()) {
                    return OptionalLong.empty();
                }
                Optional<Instant> started = p.get().info().startInstant();
                // clock granularity: the file is written right after the process took the lock
                if (started.isPresent() && started.get().isAfter(written.plusSeconds(1))) {
                    return OptionalLong.empty();
                }
                return OptionalLong.of(pid);
            } catch (IOException | RuntimeException e) {
                return OptionalLong.empty();
            }
        };
    }
}
