package pog.trader.alerts;

import pog.alerts.AlertsConfig;
import pog.alerts.Notifier;
import pog.common.config.Validator;
import pog.trader.api.TraderApi;
import pog.trader.journal.Journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A trader's notifier (journal {@code <dataDir>/alerts.db}), its "nobody watching" timer when
 * {@code nobodyWatchingMs} is set, and the missing-stop notices.
 */
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

    /** Null when no channel is configured: a trader has nobody else to tell. */
    public static TraderAlerts start(AlertsConfig configured, String service, Path dataDir, TraderApi api,
                                     Journal journal, Clock clock) throws IOException {
        if (configured.channels().isEmpty()) {
            return null;
        }
        AlertsConfig config = configured.resolve(new Validator("trader config"), "alerts", System.getenv());
        Notifier notifier = Notifier.start(config, dataDir.resolve("alerts.db"), "trader " + service, null);
        notifier.metrics(api.metricsRegistry());
        TraderAlerts alerts = new TraderAlerts(notifier);
        StopReplaced stops = new StopReplaced(notifier, journal, service);
        alerts.timer.scheduleWithFixedDelay(() -> quietly(stops::check), 1, 1, TimeUnit.SECONDS);
        if (config.nobodyWatchingMs() != null) {
            NobodyWatching watching = new NobodyWatching(notifier, service, config.nobodyWatchingMs(), clock);
            api.onWatcherPoll(watching::polled);
            long every = Math.max(50, Math.min(1_000, config.nobodyWatchingMs() / 10));
            alerts.timer.scheduleWithFixedDelay(() -> quietly(watching::check), every, every, TimeUnit.MILLISECONDS);
        }
        return alerts;
    }

    /** A failing check must not end its timer: the next one may succeed. */
    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(TraderAlerts.class).error("event=alert_check_failed error={}", e.toString());
        }
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
