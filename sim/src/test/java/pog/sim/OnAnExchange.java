package pog.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;

import java.nio.file.Path;

/**
 * What the simulation core's tests stand on: a fresh exchange on a SQLite file in a temporary directory, with the
 * default config and a manual clock at {@link Sim#T0}. {@link #reopen} closes it and opens the same file again (a
 * restart).
 */
abstract class OnAnExchange {
    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Sim.T0);
    Exchange ex;

    @BeforeEach
    void open() {
        ex = Sim.open(dir.resolve("sim.db"), clock);
    }

    @AfterEach
    void close() {
        ex.close();
    }

    /** The process restarts: the exchange is closed and opened again from its file. */
    void reopen() {
        ex.close();
        ex = Sim.open(dir.resolve("sim.db"), clock);
    }
}
