package pog.pm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.auth.ControlToken;
import pog.common.fs.DirLock;
import pog.common.http.HttpService;
import pog.common.http.SseHub;
import pog.common.json.Json;
import pog.common.proc.ExitWatch;
import pog.pm.adopt.Adopter;
import pog.pm.alerts.PmAlerts;
import pog.pm.api.PmApi;
import pog.pm.api.PmMetrics;
import pog.pm.api.StatusView;
import pog.pm.client.TraderClient;
import pog.pm.config.PmConfig;
import pog.pm.control.Controller;
import pog.pm.health.HealthMonitor;
import pog.pm.registry.StateChanges;
import pog.pm.history.EquityHistory;
import pog.pm.history.EventLog;
import pog.pm.history.PmDb;
import pog.pm.launch.Launchers;
import pog.pm.portfolio.PortfolioTracker;
import pog.pm.portfolio.PortfolioView;
import pog.pm.registry.Registry;
import pog.pm.registry.ServiceEntry;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Portfolio Manager: {@link #start} probes every configured trader (adopt / conflict / start), then watches,
 * aggregates and serves the API. {@link #close} stops PM and nothing else: traders keep running.
 */
public final class PmService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PmService.class);

    private final PmConfig config;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private final long startedAt;
    private final DirLock lock;
    private final PmDb db;
    private final EventLog events;
    private final Registry registry;
    private final TraderClient client;
    private final StateChanges changes;
    private final Adopter adopter;
    private final PortfolioTracker portfolio;
    private final EquityHistory equity;
    private final Controller controller;
    private final HealthMonitor monitor;
    private final ExitWatch exits;
    private final ScheduledThreadPoolExecutor scheduler;
    private final SseHub stream;
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Completes when the start's probes of every trader are done (or PM closes): the journals open after it. */
    private final CompletableFuture<Void> adopted = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile HttpService http;
    private volatile PmAlerts alerts;
    private volatile String lastPortfolio = "";
    private volatile long lastAccountPoll = Long.MIN_VALUE / 2;

    private PmService(PmConfig config, Clock clock, ControlToken token) throws IOException {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.millis();
        // TLS trust and the read token first: a bad file is refused before anything is held
        TraderClient traders = TraderClient.of(Duration.ofMillis(config.monitor().timeoutMs()), token, config.caPath(),
                config.readTokenPath());
        Path dataDir = config.dataPath();
        this.lock = DirLock.acquire(dataDir);
        // opens and migrates in the background once the traders are adopted: adopting them does not wait for the
        // history file, nor share the CPU with its opening (the events of the start wait, in order, in its queue)
        this.db = new PmDb(dataDir.resolve("pm.db"), adopted);
        AtomicInteger n = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "pm-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.events = new EventLog(db, clock);
        this.registry = new Registry(config, clock);
        this.client = traders.watcher("pm");
        this.changes = new StateChanges(events);
        Launchers launchers = new Launchers(dataDir);
        this.adopter = new Adopter(client, launchers, changes, events, dataDir, token);
        this.portfolio = new PortfolioTracker(registry, client, config.monitor(), clock);
        this.equity = new EquityHistory(db, config.history());
        this.exits = ExitWatch.start(Duration.ofMillis(config.monitor().pidIntervalMs()));
        this.controller = new Controller(config, registry, client, adopter, launchers, changes, events, exits);
        this.monitor = new HealthMonitor(config.monitor(), registry, client, adopter, changes, events, clock, scheduler,
                exits);
        this.stream = new SseHub(c -> {
            c.send("services", Json.write(registry.views()));
            c.send("portfolio", Json.write(portfolio.view()));
        });
        changes.listen(v -> stream.broadcast("service", Json.write(v)));
        events.listen(e -> stream.broadcast("event", Json.write(e)));
    }

    /** Starts PM with the system clock and the control token from the environment or the configured file. */
    public static PmService start(PmConfig config) throws IOException {
        return start(config, Clock.systemUTC(), ControlToken.resolve(System.getenv(), config.tokenPath()));
    }

    /**
     * Binds the API first (a taken port fails before any trader is touched), then probes every trader concurrently
     * and adopts, reports a conflict or starts it, then starts the monitor.
     */
    public static PmService start(PmConfig config, Clock clock, ControlToken token) throws IOException {
        PmService pm = new PmService(config, clock, token);
        try {
            pm.boot(token);
        } catch (IOException | RuntimeException e) {
            pm.close();
            throw e;
        }
        return pm;
    }

    private void boot(ControlToken token) throws IOException {
        PmMetrics metrics = new PmMetrics(registry, portfolio);
        PmApi api = new PmApi(registry, controller, portfolio, equity, events, metrics, this::status,
                () -> {
                    Thread t = new Thread(() -> {
                        try {
                            // let the accepted answer leave before the server closes under it
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        close();
                    }, "pm-shutdown");
                    t.start();
                }, clock).alerts(() -> alerts);
        http = api.start(config.bind(), config.port(), config.hostNames(), token, stream);
        events.record("pm", null, "start", null, "listening", "http://" + config.bind() + ":" + http.port()
                + " pid " + ProcessHandle.current().pid() + " services " + registry.all().size());
        // before the first probe, so an adoption's or a start's outcome already reaches the alerts
        alerts = PmAlerts.start(config, http.baseUrl() + "/#alerts", metrics.registry(), adopted);
        changes.listen(alerts::onService);
        events.listen(alerts::onEvent);
        List<CompletableFuture<?>> probes = new ArrayList<>();
        for (ServiceEntry e : registry.all()) {
            probes.add(adopter.probeAndAct(e, e.config().autostart(), "startup"));
        }
        try {
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).join();
        } finally {
            adopted.complete(null);
        }
        monitor.start();
        long pi = config.monitor().portfolioIntervalMs();
        scheduler.scheduleWithFixedDelay(this::pollPortfolio, 0, pi, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::sampleEquity, config.history().sampleIntervalMs(),
                config.history().sampleIntervalMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::downsample, 1, 60, TimeUnit.MINUTES);
        scheduler.scheduleAtFixedRate(() -> stream.broadcast("heartbeat", "{\"time\":" + clock.millis() + "}"),
                1, 1, TimeUnit.SECONDS);
        log.info("event=pm_ready port={} services={}", http.port(), registry.all().size());
    }

    /**
     * Positions and account of every trader each {@code portfolioIntervalMs} while someone looks (a stream client,
     * or the portfolio or metrics read within twice {@code staleAfterMs}); while nobody does, only the account, and
     * only as often as the equity history needs it fresh. Reading nobody's positions is PM's largest idle cost.
     */
    private void pollPortfolio() {
        long now = clock.millis();
        long interval = config.monitor().portfolioIntervalMs();
        boolean watched = stream.clients() > 0 || portfolio.readWithin(2 * config.monitor().staleAfterMs());
        long idleEvery = Math.max(interval, Math.min(config.history().sampleIntervalMs(),
                config.monitor().staleAfterMs()) - interval);
        if (!watched && now - lastAccountPoll < idleEvery) {
            return;
        }
        lastAccountPoll = now;
        try {
            portfolio.poll(watched).get(config.monitor().timeoutMs() * 2 + 1_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("event=portfolio_poll_incomplete error={}", e.toString());
        }
        try {
            PortfolioView v = portfolio.snapshot();
            // the equity-drop alert watches the accounts whether or not a person looks: that is when it matters
            PmAlerts a = alerts;
            if (a != null) {
                a.onPortfolio(v);
            }
            if (!watched) {
                return;
            }
            // the stream carries changes: compare without the view's own timestamp and the ages that follow from it
            String key = Json.write(v.timeless());
            if (!key.equals(lastPortfolio)) {
                lastPortfolio = key;
                stream.broadcast("portfolio", Json.write(v));
            }
        } catch (RuntimeException e) {
            log.error("event=portfolio_failed error={}", e.toString(), e);
        }
    }

    private void sampleEquity() {
        try {
            PortfolioView v = portfolio.snapshot();
            Map<String, BigDecimal> per = new LinkedHashMap<>();
            for (PortfolioView.TraderEquity t : v.traders()) {
                if (!t.stale()) {
                    per.put(t.service(), new BigDecimal(t.equity()));
                }
            }
            if (!per.isEmpty()) {
                equity.record(v.time(), per, v.total().complete() ? v.total().knownEquity() : null);
            }
        } catch (SQLException | RuntimeException e) {
            log.error("event=equity_sample_failed error={}", e.toString());
        }
    }

    private void downsample() {
        try {
            long now = clock.millis();
            int removed = equity.downsample(now);
            int pruned = events.prune(now - config.history().retentionDays() * 86_400_000L);
            if (removed > 0 || pruned > 0) {
                log.info("event=history_thinned equity_removed={} events_removed={}", removed, pruned);
            }
        } catch (SQLException | RuntimeException e) {
            log.error("event=equity_downsample_failed error={}", e.toString());
        }
    }

    public StatusView status() {
        return new StatusView("pm", instance, ProcessHandle.current().pid(), version(), startedAt,
                monitor.running() ? "running" : "stopped", clock.millis());
    }

    public static String version() {
        String v = PmService.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public int port() {
        return http.port();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public Registry registry() {
        return registry;
    }

    public HealthMonitor monitor() {
        return monitor;
    }

    public PortfolioTracker portfolio() {
        return portfolio;
    }

    public EventLog events() {
        return events;
    }

    /**
     * Stops PM: the monitor, timers, API, clients, database, lock. Never a trader: no signal, no API call, and the
     * traders PM launched are in their own sessions. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            // a journal still waiting for the start's adoption opens now, so what is queued for it is written
            adopted.complete(null);
            monitor.close();
            scheduler.shutdownNow();
            if (alerts != null) {
                alerts.close();
            }
            try {
                events.record("pm", null, "stop", null, "stopped", "traders left running");
            } catch (RuntimeException e) {
                log.warn("event=pm_stop_event_failed error={}", e.toString());
            }
            if (http != null) {
                http.close();
            }
            controller.close();
            adopter.close();
            exits.close();
            client.close();
            db.close();
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("event=lock_release_failed error={}", e.toString());
            }
            log.info("event=pm_stopped");
        } finally {
            closed.countDown();
        }
    }

    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    /**
     * Blocks until PM is closed by the API or by SIGTERM/SIGINT. The shutdown hook only closes PM; it never stops a
     * child, and the traders PM launched are not its children in any way a signal could follow.
     */
    public void runUntilShutdown() throws InterruptedException {
        Thread hook = new Thread(this::close, "pm-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        closed.await();
    }
}
