package pog.pm.launch;

import pog.pm.config.ServiceConfig;

import java.io.IOException;

/** Starts (and for systemd, stops) one trader. A trader started here must outlive PM. */
public interface Launcher {
    /** Starts the trader; the pid and exit code when PM owns the process (process launcher). */
    Launched start(ServiceConfig service) throws IOException;

    /** Stops it through the service manager; false when this launcher has no stop of its own (use the trader's API). */
    boolean stop(ServiceConfig service) throws IOException;
}
