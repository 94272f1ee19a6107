package pog.app.watchdog;

import pog.alerts.AlertsConfig;
import pog.alerts.Condition;
import pog.alerts.Notifier;
import pog.alerts.Severity;
import pog.common.config.Validator;

import java.io.IOException;
import java.nio.file.Path;

/**
 * PM cannot report its own death: the watchdog raises {@code pm:down} when it finds PM down (and starts it), and
 * resolves it at once when PM answers again. Journal {@code <PM dataDir>/watchdog-alerts.db}, so a cron-run
 * {@code --once} that sees the same outage next minute folds into the same alert instead of sending a new one.
 */
final class WatchdogAlerts implements AutoCloseable {
    private static final String DOWN = "pm:down";
    private static final String CONFLICT = "pm:conflict";
    private static final String UNRESPONSIVE = "pm:unresponsive";

    private final Notifier notifier;
    private final String url;

    private WatchdogAlerts(Notifier notifier, String url) {
        this.notifier = notifier;
        this.url = url;
    }

    /** Null when no channel is configured: then there is nobody to tell. */
    static WatchdogAlerts open(AlertsConfig configured, Path dataDir, String url) throws IOException {
        if (configured.channels().isEmpty()) {
            return null;
        }
        AlertsConfig config = configured.resolve(new Validator("PM config"), "alerts", System.getenv());
        return new WatchdogAlerts(Notifier.start(config, dataDir.resolve("watchdog-alerts.db"), "watchdog",
                url + "/#alerts"), url);
    }

    private Watchdog.Action last;

    void onStep(Watchdog.Step step) {
        if (step.action() == last) {
            // a loop sees the same outage every second: the count is of outages, not of looks
            return;
        }
        last = step.action();
        String pid = step.pid() == null ? "" : " (pid " + step.pid() + ")";
        switch (step.action()) {
            case STARTED -> notifier.raise(Condition.of(DOWN, "pm", Severity.CRITICAL, "PM is down",
                    "nothing answered on " + url, "the watchdog started PM" + pid + "; traders keep running"));
            case START_FAILED, BACKOFF -> notifier.raise(Condition.of(DOWN, "pm", Severity.CRITICAL, "PM is down",
                    "PM could not be started: " + step.detail(),
                    "the watchdog retries with backoff; traders keep running; see pm.out in PM's data directory"));
            case CONFLICT -> notifier.raise(Condition.of(CONFLICT, "pm", Severity.CRITICAL,
                    "PM's port is held by something else", url + ": " + step.detail(),
                    "the watchdog does not start PM while the port is held"));
            case UNRESPONSIVE -> notifier.raise(Condition.of(UNRESPONSIVE, "pm", Severity.WARNING,
                    "PM does not answer", "PM" + pid + " " + step.detail(), "left alone: the watchdog never kills PM"));
            case UP, READY -> {
                String how = "PM answers again" + pid;
                notifier.clear(DOWN, how, true);
                notifier.clear(CONFLICT, how, true);
                notifier.clear(UNRESPONSIVE, how, true);
            }
            case STARTING -> {
            }
        }
    }

    /** Lets what is due go out before a {@code --once} run exits (bounded), then closes. */
    void finish(long timeoutMs) throws InterruptedException {
        notifier.flush(timeoutMs);
        close();
    }

    @Override
    public void close() {
        notifier.close();
    }
}
