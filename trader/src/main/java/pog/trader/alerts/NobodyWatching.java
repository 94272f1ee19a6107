package pog.trader.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.alerts.Condition;
import pog.alerts.Notifier;
import pog.alerts.Severity;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Raises {@code <service>:nobody-watching} when no watcher has polled this trader for {@code thresholdMs} (counted
 * from its start until the first poll), and resolves it at the next poll. {@link #check} is driven by a timer;
 * time comes from the clock only.
 */
public final class NobodyWatching {
    private static final Logger log = LoggerFactory.getLogger(NobodyWatching.class);

    private final Notifier notifier;
    private final String service;
    private final long thresholdMs;
    private final Clock clock;
    private volatile long lastPollAt;
    private volatile boolean raised;

    public NobodyWatching(Notifier notifier, String service, long thresholdMs, Clock clock) {
        this.notifier = notifier;
        this.service = service;
        this.thresholdMs = thresholdMs;
        this.clock = clock;
        this.lastPollAt = clock.millis();
    }

    private String key() {
        return service + ":nobody-watching";
    }

    /** A watcher polled {@code /api/health}. */
    public void polled(String watcher) {
        lastPollAt = clock.millis();
        if (raised) {
            raised = false;
            log.info("event=watched_again service={} watcher={}", service, watcher);
            notifier.clear(key(), "a watcher (" + watcher + ") polls " + service + " again", true);
        }
    }

    /** Raises the alert once the silence is longer than the threshold. */
    public void check() {
        long silent = clock.millis() - lastPollAt;
        if (!raised && silent >= thresholdMs) {
            raised = true;
            String since = Instant.ofEpochMilli(lastPollAt).truncatedTo(ChronoUnit.SECONDS).toString();
            log.warn("event=nobody_watching service={} silent_ms={} threshold_ms={}", service, silent, thresholdMs);
            notifier.raise(Condition.of(key(), service, Severity.CRITICAL, service + ": nobody is watching it",
                    "no PM has polled " + service + " since " + since + " (" + silent / 1000 + " s, threshold "
                            + thresholdMs / 1000 + " s): PM and its watchdog may both be down",
                    service + " keeps trading and protecting its positions; start PM (pog watchdog or pog pm) to"
                            + " watch it again"));
        }
    }

    public boolean raised() {
        return raised;
    }
}
