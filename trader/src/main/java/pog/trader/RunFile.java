package pog.trader;

import pog.common.json.Json;
import pog.trader.api.Identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <dataDir>/run.json}: where a running trader listens and who it is, for tools on the same host (a port
 * chosen with --port 0, {@code pog status} when PM is down). Advisory only: the lock and /api/health are the truth.
 */
public final class RunFile {
    public static final String NAME = "run.json";

    private RunFile() {
    }

    static void write(Path dataDir, Identity identity, int port) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("service", identity.service());
        run.put("instance", identity.instance());
        run.put("pid", identity.pid());
        run.put("port", port);
        run.put("startedAt", identity.startedAt());
        Path tmp = dataDir.resolve(NAME + ".tmp");
        Files.write(tmp, Json.bytes(run));
        Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(NAME));
        } catch (IOException ignored) {
            // advisory file: a stale one is harmless, its pid is dead and its lock released
        }
    }
}
