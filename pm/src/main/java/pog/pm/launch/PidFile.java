package pog.pm.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code <dataDir>/run/<id>.pid}: the pid of a trader PM started and that process's start time, so a pid reused by
 * an unrelated process after a reboot is never mistaken for the trader.
 */
public final class PidFile {
    private PidFile() {
    }

    public static Path of(Path dataDir, String id) {
        return dataDir.resolve("run").resolve(id + ".pid");
    }

    public static void write(Path file, ProcessHandle process) throws IOException {
        Files.createDirectories(file.getParent());
        String start = process.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, process.pid() + " " + start + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The live process the file names, if it is still the same process. */
    public static Optional<ProcessHandle> alive(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(file).trim().split("\\s+");
            long pid = Long.parseLong(parts[0]);
            // a zombie is dead: it only waits for its parent to read its status
            Optional<ProcessHandle> p = pog.common.proc.Liveness.handle(pid);
            if (p.isPresent() && parts.length > 1 && !parts[1].equals("-")) {
                Optional<Instant> started = p.get().info().startInstant();
                if (started.isPresent() && Math.abs(started.get().toEpochMilli() - Long.parseLong(parts[1])) > 1000) {
                    return Optional.empty();
                }
            }
            return p;
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
