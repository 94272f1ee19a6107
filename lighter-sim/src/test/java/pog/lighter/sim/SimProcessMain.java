package pog.lighter.sim;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** The simulator as its own process for kill -9 tests: {@code SimProcessMain <port> <dataDir>}; no price feed. */
public final class SimProcessMain {
    private SimProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LighterSimServer server = LighterSimServer.start(
                LighterSimConfig.defaults().withPort(Integer.parseInt(args[0])).withAdmin(true), Path.of(args[1]),
                Clock.systemUTC(), false);
        System.out.println("ready " + server.port());
        new CountDownLatch(1).await();
    }
}
