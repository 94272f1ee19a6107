package pog.pm.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.alerts.AlertsConfig;
import pog.alerts.Condition;
import pog.alerts.Notifier;
import pog.alerts.Severity;
import pog.common.config.Validator;
import pog.pm.config.LauncherKind;
import pog.pm.config.PmConfig;
import pog.pm.config.RestartMode;
import pog.pm.config.ServiceConfig;
import pog.pm.history.PmEvent;
import pog.pm.portfolio.PortfolioView;
import pog.pm.registry.ServiceView;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fed by {@code StateChanges} (every visible change of a service) and {@code EventLog} (audit events). Each service
 * has up to five conditions, keyed {@code <id>:down|conflict|unprotected|degraded|halted}: a DOWN and the crash loop
 * or FAILED that may follow are one incident (the later ones escalate it once); it resolves when the trader answers
 * again and stays answering for {@code resolveAfterMs}.
 */
public final class PmAlerts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PmAlerts.class);
    /** Control actions a person wants to hear about even at minSeverity warning. */
    private static final Set<String> LOUD_ACTIONS = Set.of("stop-all", "pm-shutdown");

    private volatile Notifier notifier;
    private final AlertsConfig config;
    /** Where the source's work runs: its own thread in PM (never the monitor's), the caller's in tests. */
    private final Executor work;
    private final Map<String, String> lastState = new ConcurrentHashMap<>();
    private final PmConfig pm;
    private final EquityDrop equityDrop;

    /** A source working on the caller's thread over a notifier that is already open (tests). */
    public PmAlerts(Notifier notifier, PmConfig pm) {
        this(notifier.config(), pm, Runnable::run);
        this.notifier = notifier;
    }

    private PmAlerts(AlertsConfig config, PmConfig pm, Executor work) {
        this.config = config;
        this.pm = pm;
        this.work = work;
        this.equityDrop = config.equityDropPercent() == null ? null
                : new EquityDrop(config.equityDropPercent(), config.equityDropWindowMs());
    }

    /**
     * PM's alert source on its own thread. The journal ({@code <dataDir>/alerts.db}) is opened and migrated there
     * first, so PM's adoption of traders never waits for it; what happens meanwhile waits in order behind it.
     */
    public static PmAlerts start(PmConfig pm, String dashboardUrl, PrometheusRegistry metrics) {
        return start(pm, dashboardUrl, metrics, java.util.concurrent.CompletableFuture.completedFuture(null));
    }

    /**
     * The same, opening the journal once {@code after} completes (at most {@link pog.pm.history.PmDb#MAX_DEFER_MS}
     * later): PM lets its adoption of traders go first. What is raised meanwhile waits in order behind the opening,
     * so nothing is lost, only delayed by the adoption.
     */
    public static PmAlerts start(PmConfig pm, String dashboardUrl, PrometheusRegistry metrics,
                                 java.util.concurrent.CompletableFuture<?> after) {
        AlertsConfig resolved = pm.alerts().resolve(new Validator("PM config"), "alerts", System.getenv());
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pm-alerts");
            t.setDaemon(true);
            return t;
        });
        PmAlerts alerts = new PmAlerts(resolved, pm, thread);
        alerts.thread = thread;
        thread.execute(() -> {
            try {
                pog.pm.history.PmDb.awaitQuietly(after);
                alerts.notifier = Notifier.start(resolved, pm.dataPath().resolve("alerts.db"), "pm", dashboardUrl)
                        .metrics(metrics);
            } catch (IOException | RuntimeException e) {
                // PM goes on watching without alerts: /api/alerts answers that they are unavailable
                log.error("event=alerts_unavailable error=\"{}\"", e.getMessage());
            } finally {
                alerts.opened.countDown();
            }
        });
        return alerts;
    }

    private volatile ExecutorService thread;
    private final java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);

    /** The notifier once open, waiting for it up to {@code ms}; null when it could not be opened. */
    public Notifier awaitNotifier(long ms) throws InterruptedException {
        if (notifier == null && thread != null) {
            opened.await(ms, TimeUnit.MILLISECONDS);
        }
        return notifier;
    }

    /** The notifier, or null while it is being opened (or could not be). */
    public Notifier notifier() {
        return notifier;
    }

    /** A service changed visibly. Never throws: alerting must not disturb watching. */
    public void onService(ServiceView v) {
        work.execute(() -> service(v));
    }

    private void service(ServiceView v) {
        if (notifier == null) {
            return;
        }
        try {
            String previous = lastState.put(v.id(), v.state());
            if (v.state().equals(previous) && !"DEGRADED".equals(v.state())) {
                return;
            }
            apply(v);
        } catch (RuntimeException e) {
            log.error("event=alert_source_failed service={} error={}", v.id(), e.toString());
        }
    }

    private void apply(ServiceView v) {
        String id = v.id();
        String detail = v.detail() == null ? "" : v.detail();
        switch (v.state()) {
            case "DOWN" -> notifier.raise(Condition.of(id + ":down", id, Severity.CRITICAL, id + " is DOWN", detail,
                    whatPmDoes(v)));
            case "CRASH_LOOP" -> notifier.raise(Condition.of(id + ":down", id, Severity.CRITICAL,
                    id + " is in a crash loop", detail, "PM stopped restarting it; start it again (pog start " + id
                            + ") once the cause is fixed").escalating());
            case "FAILED" -> notifier.raise(Condition.of(id + ":down", id, Severity.CRITICAL,
                    id + " failed and is not restarted", detail, "PM does not restart it until an explicit start "
                            + "(pog start " + id + ") once the cause is fixed").escalating());
            case "CONFLICT" -> notifier.raise(Condition.of(id + ":conflict", id, Severity.CRITICAL,
                    id + ": its port is held by something else", detail,
                    "PM neither adopts nor starts it, and keeps looking"));
            case "STOPPED" -> {
                for (String k : new String[]{"down", "conflict", "unprotected", "degraded", "halted", "held"}) {
                    notifier.clear(id + ":" + k, id + " was stopped on purpose", true);
                }
            }
            default -> {
            }
        }
        boolean answering = Set.of("HEALTHY", "DEGRADED", "HALTED", "PAUSED", "HELD").contains(v.state());
        if (answering) {
            String how = id + " answers again (" + v.state() + ")";
            notifier.clear(id + ":down", how, false);
            notifier.clear(id + ":conflict", how, false);
        }
        boolean degraded = "DEGRADED".equals(v.state());
        boolean unprotected = degraded && detail.toLowerCase(Locale.ROOT).contains("protection");
        if (unprotected) {
            notifier.raise(Condition.of(id + ":unprotected", id, Severity.CRITICAL,
                    id + " has a position without a protective stop", detail,
                    "the trader re-places missing stops on its own; PM alerts because it has not within "
                            + config.unprotectedAfterMs() / 1000 + " s").held(config.unprotectedAfterMs()));
        } else if (answering) {
            notifier.clear(id + ":unprotected", id + "'s positions have their stops again", false);
        }
        boolean otherCheck = degraded && (!unprotected || detail.matches("(?s).*(venue|marketData|loop).*"));
        if (otherCheck) {
            notifier.raise(Condition.of(id + ":degraded", id, Severity.WARNING, id + " is DEGRADED", detail,
                    "nothing yet: the trader keeps its stops and retries its venue; PM keeps watching")
                    .held(config.degradedAfterMs()));
        } else if (answering) {
            notifier.clear(id + ":degraded", id + " is " + v.state() + " again", false);
        }
        if ("HELD".equals(v.state())) {
            notifier.raise(Condition.of(id + ":held", id, Severity.CRITICAL,
                    id + ": another writer is on its venue account", detail,
                    "the trader places and cancels nothing, not even a stop, until someone takes the account over"));
        } else if (answering) {
            notifier.clear(id + ":held", id + " owns its venue account again (" + v.state() + ")", true);
        }
        if ("HALTED".equals(v.state())) {
            notifier.raise(Condition.of(id + ":halted", id, Severity.WARNING, id + " halted by its risk limits",
                    detail, "the trader opens nothing until it resumes; positions keep their stops"));
        } else if (answering) {
            notifier.clear(id + ":halted", id + " resumed (" + v.state() + ")", true);
        }
    }

    private String whatPmDoes(ServiceView v) {
        ServiceConfig c = pm.service(v.id());
        if (c != null && c.launcher() == LauncherKind.EXTERNAL) {
            return "nothing: PM only watches this trader (launcher external)";
        }
        if (c != null && c.restart().policy() == RestartMode.NEVER) {
            return "PM does not restart it (restart policy never); start it with pog start " + v.id();
        }
        return v.nextRestartAt() != null ? "PM restarts it (restart " + (v.restarts() + 1) + ")"
                : "PM restarts it once its process is gone";
    }

    /**
     * Equity fallen {@code equityDropPercent} below its highest value within {@code equityDropWindowMs}, per trader
     * seen fresh and for the whole portfolio when every trader is known. Off when the key is absent.
     */
    public void onPortfolio(PortfolioView v) {
        if (equityDrop != null) {
            work.execute(() -> portfolio(v));
        }
    }

    private void portfolio(PortfolioView v) {
        if (notifier == null) {
            return;
        }
        try {
            for (PortfolioView.TraderEquity t : v.traders()) {
                if (!t.stale() && !PortfolioView.UNKNOWN.equals(t.equity())) {
                    drop(t.service(), t.service(), t.service(), v.time(), new BigDecimal(t.equity()));
                }
            }
            if (v.total().complete() && v.total().knownEquity() != null && !v.traders().isEmpty()) {
                drop("portfolio", "pm", "the portfolio", v.time(), v.total().knownEquity());
            }
        } catch (RuntimeException e) {
            log.error("event=alert_source_failed source=portfolio error={}", e.toString());
        }
    }

    private void drop(String key, String source, String what, long time, BigDecimal equity) {
        EquityDrop.Drop d = equityDrop.observe(key, time, equity);
        String k = key + ":equity-drop";
        if (d == null) {
            notifier.clear(k, what + "'s equity is within " + config.equityDropPercent().toPlainString()
                    + "% of its high again", false);
            return;
        }
        notifier.raise(Condition.of(k, source, Severity.WARNING, what + ": equity down " + d.percent().toPlainString()
                        + "% within " + window(config.equityDropWindowMs()),
                "equity " + d.now().toPlainString() + ", from " + d.peak().toPlainString() + " at "
                        + java.time.Instant.ofEpochMilli(d.peakAt()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                "nothing: PM does not trade; the trader's own risk limits (maxDailyLoss) still apply"));
    }

    private static String window(long ms) {
        return ms < 120_000 ? ms / 1_000 + " s" : ms < 7_200_000 ? ms / 60_000 + " min" : ms / 3_600_000 + " h";
    }

    /** Control actions (audit events) become notices: who, from where, the outcome. */
    public void onEvent(PmEvent e) {
        if ("audit".equals(e.kind())) {
            work.execute(() -> event(e));
        }
    }

    private void event(PmEvent e) {
        if (notifier == null) {
            return;
        }
        try {
            if (!"audit".equals(e.kind())) {
                return;
            }
            String what = e.action() + (e.service() == null ? "" : " " + e.service());
            Severity s = LOUD_ACTIONS.contains(e.action()) ? Severity.WARNING : Severity.INFO;
            notifier.notice(e.service() == null ? "pm" : e.service(), s, "Control: " + what + " (" + e.outcome() + ")",
                    what + " requested from " + e.remote() + (e.detail() == null ? "" : ": " + e.detail()),
                    "PM carried it out: " + e.outcome());
        } catch (RuntimeException ex) {
            log.error("event=alert_source_failed event_id={} error={}", e.id(), ex.toString());
        }
    }

    /** Lets queued work finish (bounded), then closes the notifier; pending deliveries stay in the journal. */
    @Override
    public void close() {
        ExecutorService t = thread;
        if (t != null) {
            t.shutdown();
            try {
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Notifier n = notifier;
        if (n != null) {
            n.close();
        }
    }
}
