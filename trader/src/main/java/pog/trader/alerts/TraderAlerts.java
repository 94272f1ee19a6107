package pog.trader.alerts;

import pog.alerts.AlertsConfig;
import pog.alerts.Notifier;
import pog.common.config.Validator;
import pog.trader.api.TraderApi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A trader's notifier (journal {@code <dataDir>/alerts.db}) and its "nobody watching" timer, when configured. */
public final class TraderAlerts implements AutoCloseable {
    private final Notifier notifier;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nobody-watching");
        t.setDaemon(true);
        return t;
    });

    private TraderAlerts(Notifier notifier) {
        this.notifier = notifier;
    }

    /** Null when the config asks for nothing a trader does (no {@code nobodyWatchingMs}). */
    public static TraderAlerts start(AlertsConfig configured, String service, Path dataDir, TraderApi api, Clock clock)
            throws IOException {
        if (configured.nobodyWatchingMs() == null) {
            return null;
        }
        AlertsConfig config = configured.resolve(new Validator("trader config"), "alerts", System.getenv());
        Notifier notifier = Notifier.start(config, dataDir.resolve("alerts.db"), "trader " + service, null);
        notifier.metrics(api.metricsRegistry());
        TraderAlerts alerts = new TraderAlerts(notifier);
        NobodyWatching watching = new NobodyWatching(notifier, service, config.nobodyWatchingMs(), clock);
        api.onWatcherPoll(watching::polled);
        long every = Math.max(50, Math.min(1_000, config.nobodyWatchingMs() / 10));
        alerts.timer.scheduleWithFixedDelay(watching::check, every, every, TimeUnit.MILLISECONDS);
        return alerts;
    }

    public Notifier notifier() {
        return notifier;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        notifier.close();
    }
}
