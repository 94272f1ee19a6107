package pog.app.pm;

import picocli.CommandLine.Option;
import pog.app.CliException;
import pog.app.ExitCodes;
import pog.common.auth.ControlToken;
import pog.pm.config.PmConfig;

import java.io.IOException;
import java.nio.file.Path;

/** Where PM is and how to authenticate: the PM config file (and an optional URL override). */
public final class PmOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/pm.yaml",
            description = "PM configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--url", paramLabel = "URL", description = "PM's base URL (default: from the config's bind and port).")
    String url;

    PmConfig load() {
        return PmConfig.load(config);
    }

    String pmUrl(PmConfig c) {
        if (url != null && !url.isBlank()) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        String host = c.bind().equals("0.0.0.0") || c.bind().equals("::") ? "127.0.0.1" : c.bind();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + c.port();
    }

    /**
     * A client that reaches the config's traders as PM does: HTTPS ones verified against {@code tls.caFile}, the read
     * token shown to those on other hosts. A CA or token file that cannot be read is a config error.
     */
    static pog.pm.client.TraderClient traders(PmConfig c, java.time.Duration timeout, ControlToken token) {
        try {
            return pog.pm.client.TraderClient.of(timeout, token, c.caPath(), c.readTokenPath());
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, "error: " + (c.caPath() != null ? "tls.caFile or " : "")
                    + "readTokenFile: " + e.getMessage());
        }
    }

    static ControlToken token(PmConfig c) {
        try {
            return ControlToken.resolve(System.getenv(), c.tokenPath());
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, "error: control token: " + e.getMessage());
        }
    }
}
