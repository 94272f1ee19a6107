package pog.sim;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Runs in a child JVM for the kill -9 test: sets up the script, says READY, then steps the feed as fast as it can
 * until it is killed, so the kill lands in the middle of writing.
 */
public final class CrashDriver {
    public static void main(String[] args) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(Sim.T0), ZoneOffset.UTC);
        Exchange ex = Exchange.open(Sim.config(), Path.of(args[0]), clock);
        Script.setUp(ex);
        for (int i = 0; i < 25; i++) {
            ex.step();
        }
        System.out.println("READY");
        System.out.flush();
        while (true) {
            ex.step();
        }
    }
}
