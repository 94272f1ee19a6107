package pog.trader.config;

import pog.alerts.AlertsConfig;
import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;
import pog.common.config.ConfigLoader;
import pog.common.config.Validator;
import pog.common.http.Loopback;
import pog.venue.spi.VenueConfig;
import pog.venue.spi.VenueProviders;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trader's configuration file. Every key is documented in the README; unknown keys are errors. The {@code venue}
 * section is the record of the venue its {@code type} names, from the providers the file is read with.
 *
 * @param service          the service id PM knows this trader by (shown in /api/health)
 * @param bind             address to listen on
 * @param port             HTTP port (0 = any free port)
 * @param dataDir          state directory: lock, journal, logs
 * @param controlTokenFile file holding the control token when POG_CONTROL_TOKEN is not set
 * @param loopMillis       strategy loop period
 * @param hostNames        names the API answers to in the Host header besides loopback addresses (e.g. the name
 *                         PM or a proxy uses to reach it); empty: loopback only
 * @param alerts           the shared alerts block (docs/alerts.md); a trader uses it for "nobody watching"
 * @param tls              certificate and key to serve HTTPS; required when {@code bind} is not a loopback address
 * @param readTokenFile    file holding the token other hosts must show to read the API (created when missing,
 *                         distinct from the control token); used only when {@code bind} is not loopback. Default:
 *                         {@code read.token} beside the control token file
 * @param health           the bounds of the health judgment (see {@link HealthConfig})
 */
public record TraderConfig(String service, String bind, Integer port, Path dataDir, Path controlTokenFile,
                           Long loopMillis, VenueConfig venue, StrategyConfig strategy, RiskConfig risk,
                           List<String> hostNames, AlertsConfig alerts, TlsConfig tls, Path readTokenFile,
                           HealthConfig health) {
    public TraderConfig {
        if (service == null || service.isBlank()) {
            throw new ConfigException(ConfigFile.current(), "service", "is required");
        }
        if (!service.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new ConfigException(ConfigFile.current(), "service",
                    "must be lowercase letters, digits and dashes, got '" + service + "'");
        }
        bind = bind == null ? "127.0.0.1" : bind;
        port = port == null ? 9002 : port;
        if (port < 0 || port > 65535) {
            throw new ConfigException(ConfigFile.current(), "port", "must be a port between 0 and 65535, got " + port);
        }
        dataDir = dataDir == null ? Path.of("var", service) : dataDir;
        controlTokenFile = controlTokenFile == null ? Path.of("var", "control.token") : controlTokenFile;
        loopMillis = loopMillis == null ? 1000L : loopMillis;
        if (loopMillis < 50 || loopMillis > 60_000) {
            throw new ConfigException(ConfigFile.current(), "loopMillis", "must be between 50 and 60000, got " + loopMillis);
        }
        if (venue == null) {
            throw new ConfigException(ConfigFile.current(), "venue", "is required");
        }
        strategy = strategy == null ? StrategyConfig.defaults() : strategy;
        risk = risk == null ? RiskConfig.defaults() : risk;
        hostNames = hostNames(hostNames);
        alerts = alerts == null ? AlertsConfig.NONE : alerts;
        health = health == null ? HealthConfig.defaults() : health;
        // ${NAME} must be set now: a missing secret is a config error at start, not a silent channel
        alerts.resolve(new Validator(ConfigFile.current()), "alerts", System.getenv());
        if (tls == null && !Loopback.is(bind)) {
            throw new ConfigException(ConfigFile.current(), "bind", "is " + bind + ", off loopback, but tls is not set: "
                    + "a trader serves other hosts only over HTTPS (set tls.certFile and tls.keyFile; pog tls init makes them)");
        }
        if (readTokenFile == null) {
            Path parent = controlTokenFile.getParent();
            readTokenFile = parent == null ? Path.of("read.token") : parent.resolve("read.token");
        }
        if (readTokenFile.normalize().equals(controlTokenFile.normalize())) {
            throw new ConfigException(ConfigFile.current(), "readTokenFile",
                    "must not be the control token file: the read token is shown to readers, the control token never");
        }
    }

    /** Reads a trader's file strictly; its {@code venue.type} must be one of {@code venues}. */
    public static TraderConfig load(Path file, VenueProviders venues) {
        return ConfigFile.reading(file.toString(), () -> ConfigLoader.load(file, TraderConfig.class, venues.configTypes()));
    }

    /** As {@link #load}, from text already read ({@code name} is what error messages call it). */
    public static TraderConfig parse(String name, byte[] yaml, VenueProviders venues) {
        return ConfigFile.reading(name, () -> ConfigLoader.parse(name, yaml, TraderConfig.class, venues.configTypes()));
    }

    /** Without health bounds of its own (the defaults). */
    public TraderConfig(String service, String bind, Integer port, Path dataDir, Path controlTokenFile,
                        Long loopMillis, VenueConfig venue, StrategyConfig strategy, RiskConfig risk,
                        List<String> hostNames, AlertsConfig alerts, TlsConfig tls, Path readTokenFile) {
        this(service, bind, port, dataDir, controlTokenFile, loopMillis, venue, strategy, risk, hostNames, alerts, tls,
                readTokenFile, null);
    }

    /** The file before this trader could serve other hosts (kept for callers that know no TLS). */
    public TraderConfig(String service, String bind, Integer port, Path dataDir, Path controlTokenFile,
                        Long loopMillis, VenueConfig venue, StrategyConfig strategy, RiskConfig risk,
                        List<String> hostNames) {
        this(service, bind, port, dataDir, controlTokenFile, loopMillis, venue, strategy, risk, hostNames, null, null, null);
    }

    /** True when other hosts can reach this trader: it serves HTTPS and readers from elsewhere need the read token. */
    public boolean remoteReachable() {
        return !Loopback.is(bind);
    }

    private static List<String> hostNames(List<String> names) {
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String key = "hostNames[" + i + "]";
            if (n == null || n.isBlank()) {
                throw new ConfigException(ConfigFile.current(), key, "must not be empty");
            }
            if (n.contains("/") || n.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new ConfigException(ConfigFile.current(), key,
                        "must be a host name such as trader-hl.example.lan (no scheme, path or spaces), got '" + n + "'");
            }
            out.add(n.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }

    public TraderConfig withOverrides(Integer port, Path dataDir) {
        return new TraderConfig(service, bind, port == null ? this.port : port, dataDir == null ? this.dataDir : dataDir,
                controlTokenFile, loopMillis, venue, strategy, risk, hostNames, alerts, tls, readTokenFile, health);
    }
}
