package pog.app;

import sun.misc.Signal;

/**
 * Turns SIGTERM, SIGINT and SIGHUP into an orderly stop that exits 0, instead of the JVM's default of running
 * shutdown hooks and exiting 143. The service itself decides what "orderly" means.
 */
public final class Signals {
    private Signals() {
    }

    public static void onTermination(Runnable stop) {
        for (String name : new String[]{"TERM", "INT", "HUP"}) {
            try {
                Signal.handle(new Signal(name), s -> stop.run());
            } catch (IllegalArgumentException unsupported) {
                // e.g. HUP on Windows: that platform never sends it
            }
        }
    }
}
