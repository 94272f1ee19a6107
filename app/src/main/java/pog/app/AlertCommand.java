package pog.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pog.alerts.AlertsConfig;
import pog.alerts.Channel;
import pog.alerts.Notifier;
import pog.alerts.channels.Channels;
import pog.common.config.ConfigException;
import pog.common.config.ConfigLoader;
import pog.common.config.Validator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code pog alert test [--config F]}: one test message through every channel of the {@code alerts} block of F (PM's
 * or a trader's config: the block is the same), one line per channel, exit 0 when all delivered and 1 when any failed.
 */
@Command(name = "alert", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Alerts: check that every configured channel reaches you (docs/alerts.md).",
        subcommands = AlertCommand.Test.class)
public final class AlertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.CONFIG;
    }

    /** Only the {@code alerts} block of a PM or trader config; the rest of the file is that service's business. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AlertsOnly(AlertsConfig alerts) {
    }

    @Command(name = "test", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Send one test message through every channel in the config's alerts block,",
                    "print one line per channel, and exit 0 when all delivered, 1 when any failed."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every channel delivered", "1:at least one channel failed (named above)",
                    "2:bad configuration, or no channel configured"})
    public static final class Test implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/pm.yaml",
                description = "A PM or trader config with an alerts block (default: ${DEFAULT-VALUE}).")
        Path config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AlertsConfig alerts;
            try {
                AlertsOnly file = ConfigLoader.load(config, AlertsOnly.class);
                alerts = (file.alerts() == null ? AlertsConfig.NONE : file.alerts())
                        .resolve(new Validator(config.toString()), "alerts", System.getenv());
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return ExitCodes.CONFIG;
            }
            if (alerts.channels().isEmpty()) {
                err.println("config error: " + config + ": alerts.channels: no channel is configured (docs/alerts.md"
                        + " shows how to add one)");
                return ExitCodes.CONFIG;
            }
            List<Channel> channels = Channels.of(alerts.channels());
            String id = UUID.randomUUID().toString().substring(0, 8);
            List<Notifier.TestResult> results = Notifier.sendNow(channels,
                    Notifier.testMessage(id, System.currentTimeMillis(), "pog alert test", alerts.dashboardUrl(),
                            "pog alert test --config " + config), text -> mask(text, alerts.secrets()));
            List<String> failed = results.stream().filter(r -> !r.ok()).map(Notifier.TestResult::channel).toList();
            for (Notifier.TestResult r : results) {
                out.println(r.channel() + ": " + (r.ok() ? "delivered" : "FAILED: " + r.detail()));
            }
            if (!failed.isEmpty()) {
                out.println(failed.size() + " of " + results.size() + " channel(s) failed: " + String.join(", ", failed));
            } else {
                out.println("all " + results.size() + " channel(s) delivered");
            }
            out.flush();
            return failed.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }

        private static String mask(String text, List<String> secrets) {
            String out = text;
            for (String s : secrets) {
                if (s.length() >= 4) {
                    out = out.replace(s, "***");
                }
            }
            return out;
        }
    }
}
