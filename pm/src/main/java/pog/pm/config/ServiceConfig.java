package pog.pm.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One trader PM knows: who it is ({@code id} is the service id its {@code /api/health} must report), where it
 * answers, what venue and account it must be on (checked when set), and how to start it. {@code host} names the
 * machine it runs on for the dashboard and the per-host reachability ("local" for loopback, else the host in
 * {@code baseUrl}, when not set).
 */
public record ServiceConfig(String id, String name, String baseUrl, String venue, String account,
                            LauncherKind launcher, List<String> command, String workDir, String unit,
                            Boolean systemdUser, Boolean autostart, String logFile, RestartConfig restart,
                            String host) {

    /** The file before traders had a host label. */
    public ServiceConfig(String id, String name, String baseUrl, String venue, String account,
                         LauncherKind launcher, List<String> command, String workDir, String unit,
                         Boolean systemdUser, Boolean autostart, String logFile, RestartConfig restart) {
        this(id, name, baseUrl, venue, account, launcher, command, workDir, unit, systemdUser, autostart, logFile,
                restart, null);
    }

    public ServiceConfig {
        name = name == null || name.isBlank() ? id : name;
        baseUrl = baseUrl == null ? null : stripSlash(baseUrl.trim());
        launcher = launcher == null ? LauncherKind.PROCESS : launcher;
        command = command == null ? List.of() : List.copyOf(command);
        unit = unit == null || unit.isBlank() ? "pog-trader@" + id : unit;
        systemdUser = systemdUser == null ? Boolean.TRUE : systemdUser;
        autostart = autostart == null ? Boolean.TRUE : autostart;
        restart = restart == null ? RestartConfig.DEFAULT : restart;
        host = host == null || host.isBlank() ? null : host.strip();
    }

    /** The configured host label, or null. */
    public String hostLabel() {
        return host;
    }

    /** The machine this trader runs on as PM shows it: the {@code host} key, else "local" or the URL's host. */
    public String hostName() {
        if (host != null) {
            return host;
        }
        if (baseUrl == null) {
            return "local";
        }
        return local() ? "local" : host();
    }

    /** On another machine: PM can neither see its process nor start it, and an unreachable one stays UNKNOWN. */
    public boolean remote() {
        return baseUrl != null && !local();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public URI uri() {
        return URI.create(baseUrl);
    }

    /** The host in {@code baseUrl} (the {@code host} key is {@link #hostName}). */
    public String host() {
        return uri().getHost();
    }

    public int port() {
        URI u = uri();
        return u.getPort() > 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80);
    }

    /** A pid only means something when the trader runs on this machine. */
    public boolean local() {
        String h = host();
        return h != null && (h.equals("127.0.0.1") || h.equals("localhost") || h.equals("::1") || h.equals("[::1]"));
    }

    public Path logPath(Path dataDir) {
        return logFile == null || logFile.isBlank() ? dataDir.resolve("logs").resolve(id + ".log") : Path.of(logFile);
    }

    public Path workPath() {
        return workDir == null || workDir.isBlank() ? Path.of("").toAbsolutePath() : Path.of(workDir).toAbsolutePath();
    }
}
