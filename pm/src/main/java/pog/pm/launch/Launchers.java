package pog.pm.launch;

import pog.pm.config.LauncherKind;
import pog.pm.config.ServiceConfig;

import java.io.IOException;
import java.nio.file.Path;

/** Picks the launcher a service is configured with; {@code external} has none. */
public final class Launchers {
    private final ProcessLauncher process;
    private final SystemdLauncher systemd = new SystemdLauncher();

    public Launchers(Path dataDir) {
        this.process = new ProcessLauncher(dataDir);
    }

    public Launcher of(ServiceConfig service) {
        return switch (service.launcher()) {
            case PROCESS -> process;
            case SYSTEMD -> systemd;
            case EXTERNAL -> new Launcher() {
                @Override
                public Launched start(ServiceConfig s) throws IOException {
                    throw new IOException("service " + s.id() + " is external: PM never starts it");
                }

                @Override
                public boolean stop(ServiceConfig s) {
                    return false;
                }
            };
        };
    }

    /** Only a launcher on this machine can start a trader; one on another host never is (a partition is no death). */
    public static boolean canStart(ServiceConfig service) {
        return service.launcher() != LauncherKind.EXTERNAL && !service.remote();
    }
}
