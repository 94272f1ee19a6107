package pog.pm.launch;

import pog.pm.config.ServiceConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code systemctl [--user] start|stop <unit>}: each trader its own unit, so stopping PM's unit cannot touch it. */
public final class SystemdLauncher implements Launcher {
    private static final long TIMEOUT_S = 60;

    private final String systemctl;

    public SystemdLauncher() {
        this("systemctl");
    }

    /** @param systemctl the systemctl executable (tests pass a stand-in that records its arguments) */
    public SystemdLauncher(String systemctl) {
        this.systemctl = systemctl;
    }

    @Override
    public Launched start(ServiceConfig service) throws IOException {
        systemctl(service, "start");
        return Launched.unowned();
    }

    @Override
    public boolean stop(ServiceConfig service) throws IOException {
        systemctl(service, "stop");
        return true;
    }

    private void systemctl(ServiceConfig service, String verb) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(systemctl));
        if (service.systemdUser()) {
            cmd.add("--user");
        }
        cmd.add(verb);
        cmd.add(service.unit());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly(); // our own systemctl client, not the trader
                throw new IOException(String.join(" ", cmd) + " did not finish within " + TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")"
                    + (out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse("")));
        }
    }
}
