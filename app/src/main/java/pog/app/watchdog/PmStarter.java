package pog.app.watchdog;

import java.io.IOException;

/** Starts one PM process, detached; the watchdog then only watches it. */
@FunctionalInterface
public interface PmStarter {
    Launched start() throws IOException;

    /** A PM process this watchdog started. */
    interface Launched {
        long pid();

        boolean alive();
    }
}
