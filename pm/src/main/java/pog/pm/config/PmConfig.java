package pog.pm.config;

import pog.alerts.AlertsConfig;
import pog.common.config.ConfigLoader;
import pog.common.config.Validator;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The whole of {@code pm.yaml}; see docs/pm.md for every key. Relative paths resolve against the working directory. */
public record PmConfig(String bind, Integer port, String dataDir, String controlTokenFile, MonitorConfig monitor,
                       HistoryConfig history, StopConfig stop, List<ServiceConfig> services, List<String> hostNames,
                       AlertsConfig alerts, TlsClientConfig tls, String readTokenFile) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A DNS name (labels of letters, digits and inner dashes), an IPv4 address, or an IPv6 address with or without []. */
    private static final Pattern HOST = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?"
                    + "|\\[?[0-9a-f.]*:[0-9a-f.]*:[0-9a-f:.]*]?");

    public PmConfig {
        bind = bind == null || bind.isBlank() ? "127.0.0.1" : bind;
        port = port == null ? 9004 : port;
        dataDir = dataDir == null || dataDir.isBlank() ? "var/pm" : dataDir;
        controlTokenFile = controlTokenFile == null || controlTokenFile.isBlank() ? "var/control.token" : controlTokenFile;
        monitor = monitor == null ? MonitorConfig.DEFAULT : monitor;
        history = history == null ? HistoryConfig.DEFAULT : history;
        stop = stop == null ? StopConfig.DEFAULT : stop;
        services = services == null ? List.of() : List.copyOf(services);
        // as a browser sends them in Host: lower case; null entries are left for validate() to name
        hostNames = hostNames == null ? List.of() : hostNames.stream()
                .map(h -> h == null ? null : h.strip().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableList());
        alerts = alerts == null ? AlertsConfig.NONE : alerts;
        readTokenFile = readTokenFile == null || readTokenFile.isBlank() ? null : readTokenFile;
    }

    /** The file before PM watched traders on other hosts (kept for callers that know no TLS). */
    public PmConfig(String bind, Integer port, String dataDir, String controlTokenFile, MonitorConfig monitor,
                    HistoryConfig history, StopConfig stop, List<ServiceConfig> services, List<String> hostNames) {
        this(bind, port, dataDir, controlTokenFile, monitor, history, stop, services, hostNames, null, null, null);
    }

    /** The CA file traders' certificates are verified against, or null (the JVM's default trust). */
    public Path caPath() {
        return tls == null || tls.caFile() == null || tls.caFile().isBlank() ? null : Path.of(tls.caFile());
    }

    /** The read token file PM shows traders on other hosts, or null when none is configured. */
    public Path readTokenPath() {
        return readTokenFile == null ? null : Path.of(readTokenFile);
    }

    /** Loads and validates; every problem is a one-line ConfigException naming the file and key. */
    public static PmConfig load(Path file) {
        PmConfig config = ConfigLoader.load(file, PmConfig.class);
        config.validate(new Validator(file.toString()));
        return config;
    }

    public PmConfig withOverrides(Integer portOverride, Path dataDirOverride) {
        return new PmConfig(bind, portOverride == null ? port : portOverride,
                dataDirOverride == null ? dataDir : dataDirOverride.toString(), controlTokenFile, monitor, history,
                stop, services, hostNames, alerts, tls, readTokenFile);
    }

    public Path dataPath() {
        return Path.of(dataDir);
    }

    public Path tokenPath() {
        return Path.of(controlTokenFile);
    }

    public ServiceConfig service(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    public void validate(Validator v) {
        v.port("port", port);
        // ${NAME} must be set now, so a missing secret is a config error at start, not a silent channel
        alerts.resolve(v, "alerts", System.getenv());
        positive(v, "monitor.intervalMs", monitor.intervalMs());
        positive(v, "monitor.timeoutMs", monitor.timeoutMs());
        positive(v, "monitor.staleAfterMs", monitor.staleAfterMs());
        v.check(monitor.staleAfterMs() > monitor.intervalMs(), "monitor.staleAfterMs",
                "must be longer than monitor.intervalMs (" + monitor.intervalMs() + ")");
        positive(v, "monitor.downAfterFailures", monitor.downAfterFailures());
        positive(v, "monitor.startTimeoutMs", monitor.startTimeoutMs());
        positive(v, "monitor.portfolioIntervalMs", monitor.portfolioIntervalMs());
        positive(v, "monitor.pidIntervalMs", monitor.pidIntervalMs());
        positive(v, "history.sampleIntervalMs", history.sampleIntervalMs());
        positive(v, "history.rawRetentionHours", history.rawRetentionHours());
        positive(v, "history.minuteRetentionDays", history.minuteRetentionDays());
        positive(v, "history.retentionDays", history.retentionDays());
        positive(v, "stop.graceMs", stop.graceMs());
        positive(v, "stop.termMs", stop.termMs());
        positive(v, "stop.flattenTimeoutMs", stop.flattenTimeoutMs());
        for (int i = 0; i < hostNames.size(); i++) {
            String h = hostNames.get(i);
            String k = "hostNames[" + i + "]";
            v.check(h != null && !h.isEmpty(), k, "is empty");
            v.check(h.length() <= 253 && HOST.matcher(h).matches(), k, "must be a host name or address such as "
                    + "pm.example.net or 192.168.1.20 (no scheme, port or path), got '" + h + "'");
        }
        Set<String> ids = new HashSet<>();
        Set<String> urls = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceConfig s = services.get(i);
            String k = "services[" + i + "]";
            v.check(s != null, k, "is empty");
            v.required(k + ".id", s.id());
            v.check(ID.matcher(s.id()).matches(), k + ".id",
                    "must be letters, digits, '.', '_' or '-' (at most 64), got '" + s.id() + "'");
            v.check(ids.add(s.id()), k + ".id", "duplicate service id '" + s.id() + "'");
            v.required(k + ".baseUrl", s.baseUrl());
            URI uri;
            try {
                uri = URI.create(s.baseUrl());
            } catch (IllegalArgumentException e) {
                throw v.error(k + ".baseUrl", "is not a URL: '" + s.baseUrl() + "'");
            }
            v.check(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                    k + ".baseUrl", "must be an http(s) URL with a host, got '" + s.baseUrl() + "'");
            v.check(urls.add((s.local() ? "localhost" : s.host()) + ":" + s.port()), k + ".baseUrl",
                    "two services cannot share " + s.host() + ":" + s.port());
            if (!s.local()) {
                // across a partition PM cannot tell a dead trader from an unreachable one: starting it would be a
                // second copy; the trader's own host (systemd there, Kubernetes) starts it
                v.check(s.launcher() == LauncherKind.EXTERNAL, k + ".launcher", "must be external for a trader on "
                        + "another host (" + s.host() + "): PM starts only traders on its own machine");
                v.check("https".equals(uri.getScheme()), k + ".baseUrl", "must be https for a trader on another host "
                        + "(" + s.host() + "): traders serve other hosts only over TLS");
            }
            if (s.host() != null && s.hostLabel() != null) {
                v.check(ID.matcher(s.hostLabel()).matches(), k + ".host",
                        "must be letters, digits, '.', '_' or '-' (at most 64), got '" + s.hostLabel() + "'");
            }
            if (s.launcher() == LauncherKind.PROCESS) {
                v.required(k + ".command", s.command());
                v.check(s.local(), k + ".baseUrl",
                        "launcher 'process' starts the trader on this machine, so baseUrl must be 127.0.0.1 or localhost");
            }
            RestartConfig r = s.restart();
            positive(v, k + ".restart.initialBackoffMs", r.initialBackoffMs());
            positive(v, k + ".restart.maxBackoffMs", r.maxBackoffMs());
            v.check(r.maxBackoffMs() >= r.initialBackoffMs(), k + ".restart.maxBackoffMs",
                    "must be at least restart.initialBackoffMs (" + r.initialBackoffMs() + ")");
            positive(v, k + ".restart.crashLoopMax", r.crashLoopMax());
            positive(v, k + ".restart.crashLoopWindowMs", r.crashLoopWindowMs());
            positive(v, k + ".restart.stableAfterMs", r.stableAfterMs());
            if (r.giveUpAfter() != null) {
                positive(v, k + ".restart.giveUpAfter", r.giveUpAfter());
            }
        }
    }

    private static void positive(Validator v, String key, Number value) {
        v.positive(key, value);
    }
}
