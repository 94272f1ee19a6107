package pog.hyperliquid.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A simulator in its own JVM for crash tests: {@code SimProcessMain DATA_DIR PORT_FILE}; runs until killed. */
public final class SimProcessMain {
    private SimProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        HyperliquidSimServer server = HyperliquidSimServer.start(SimHarness.config().withAdmin(false), dataDir, Clock.systemUTC(), false);
        Path portFile = Path.of(args[1]);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
