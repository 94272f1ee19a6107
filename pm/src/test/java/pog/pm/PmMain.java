package pog.pm;

import pog.pm.config.PmConfig;

import java.nio.file.Path;

/** PM as its own JVM for the tests that kill it: {@code PmMain <pm.yaml>}. */
public final class PmMain {
    private PmMain() {
    }

    public static void main(String[] args) throws Exception {
        PmService pm = PmService.start(PmConfig.load(Path.of(args[0])));
        System.out.println("pm listening on " + pm.port());
        pm.runUntilShutdown();
        System.exit(0);
    }
}
