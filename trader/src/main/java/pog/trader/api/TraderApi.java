package pog.trader.api;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import pog.common.auth.ControlToken;
import pog.common.http.ApiException;
import pog.common.http.BodyRules;
import pog.common.http.HttpService;
import pog.common.http.Request;
import pog.common.http.SseHub;
import pog.common.json.Json;
import pog.common.metrics.Metrics;
import pog.contract.AccountView;
import pog.contract.Check;
import pog.contract.Health;
import pog.contract.PositionView;
import pog.trader.engine.Engine;
import pog.trader.engine.EngineEvent;
import pog.trader.engine.HealthChecks;
import pog.trader.engine.Snapshot;
import pog.trader.journal.Journal;
import pog.trader.strategy.Strategy;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Routes of the trader contract (see docs and DESIGN.md). Health is computed at request time from the ages of the
 * engine's last observations, never cached.
 */
public final class TraderApi {
    /** Every control endpoint takes an empty body, {@code {}}, or an optional one-line reason for the journal. */
    private static final BodyRules CONTROL_BODY = BodyRules.none().text("reason", 200);
    private static final java.time.format.DateTimeFormatter HH_MM =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private final Identity identity;
    /** Null until the trader has connected to its venue and reconciled. */
    private volatile Engine engine;
    private volatile String venueDown;
    private volatile pog.trader.ownership.Ownership ownership;
    private final Journal journal;
    private final Clock clock;
    private final long loopMillis;
    private final HealthChecks healthChecks;
    private final java.util.function.Consumer<String> shutdown;
    private final SseHub stream;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final io.prometheus.metrics.core.metrics.Counter engineEvents = io.prometheus.metrics.core.metrics.Counter
            .builder().name("pog_trader_engine_events").help("Engine events by type (StopReplaced, Unanswered, ...)")
            .labelNames("type").register(registry);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stream-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastStreamed;
    /** Told of every health poll that says it comes from a watcher (PM sends {@code X-PoG-Watcher}). */
    private volatile java.util.function.Consumer<String> watcherPoll = w -> {
    };

    public TraderApi(Identity identity, Journal journal, Clock clock, long loopMillis,
                     java.util.function.Consumer<String> shutdown) {
        this(identity, journal, clock, loopMillis, HealthChecks.Bounds.DEFAULTS, shutdown);
    }

    public TraderApi(Identity identity, Journal journal, Clock clock, long loopMillis, HealthChecks.Bounds bounds,
                     java.util.function.Consumer<String> shutdown) {
        this.identity = identity;
        this.journal = journal;
        this.clock = clock;
        this.loopMillis = loopMillis;
        this.healthChecks = new HealthChecks(bounds, loopMillis);
        this.shutdown = shutdown;
        this.stream = new SseHub(channel -> {
            channel.send("health", Json.write(health()));
            if (engine != null) {
                channel.send("account", Json.write(account()));
                channel.send("positions", Json.write(positions()));
            }
        });
        registerMetrics();
    }

    public void close() {
        ticker.shutdownNow();
    }

    /** The trader is connected and reconciled: from now on the API shows the engine's state. */
    public void attach(Engine connected) {
        this.engine = connected;
        this.venueDown = null;
        connected.listen(this::onEngineEvent);
    }

    /** Every engine event goes to stream clients as {@code event: engine}, {@code {type, ...fields}}. */
    private void onEngineEvent(EngineEvent e) {
        engineEvents.labelValues(e.getClass().getSimpleName()).inc();
        if (stream.clients() == 0) {
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.getClass().getSimpleName());
        out.putAll(Json.mapper().convertValue(e, Map.class));
        out.put("time", clock.millis());
        stream.broadcast("engine", Json.write(out));
    }

    /** Why the trader is not connected yet, for /api/health while it retries. */
    public void venueDown(String reason) {
        this.venueDown = reason;
    }

    private Engine engine() {
        Engine e = engine;
        if (e == null) {
            throw new ApiException(503, "unavailable", "not reconciled with the venue yet"
                    + (venueDown == null ? "" : ": " + venueDown));
        }
        return e;
    }

    /** Whose account this is: the {@code ownership} check of /api/health and POST /api/take-over. */
    public void ownership(pog.trader.ownership.Ownership ownership) {
        this.ownership = ownership;
    }

    /** The header a watcher (PM) puts on its health polls, so a trader can tell when nobody is watching it. */
    public static final String WATCHER_HEADER = "X-PoG-Watcher";

    public void onWatcherPoll(java.util.function.Consumer<String> listener) {
        this.watcherPoll = listener;
    }

    /** This trader's /metrics registry, for what other rooms count (alerts). */
    public PrometheusRegistry metricsRegistry() {
        return registry;
    }

    public HttpService start(String bind, int port, ControlToken token, List<String> hostNames) throws IOException {
        return start(HttpService.builder(), bind, port, token, hostNames);
    }

    /**
     * Serves on a builder the caller prepared (TLS, the read token for other hosts); the routes are the trader
     * contract's.
     */
    public HttpService start(HttpService.Builder front, String bind, int port, ControlToken token, List<String> hostNames)
            throws IOException {
        ticker.scheduleWithFixedDelay(this::heartbeat, 1, 1, TimeUnit.SECONDS);
        // hostNames: the names besides loopback that a request's Host may carry (DNS rebinding is refused)
        return front.bind(bind, port).hostNames(hostNames).token(token)
                .get("/api/health", r -> {
                    String watcher = r.header(WATCHER_HEADER);
                    if (watcher != null) {
                        watcherPoll.accept(watcher);
                    }
                    return health();
                })
                .get("/api/positions", r -> positions())
                .get("/api/orders", r -> engine().snapshot().openOrders())
                .get("/api/account", r -> account())
                .get("/api/fills", this::fills)
                .get("/api/events", r -> journal.events((int) Math.min(1000, Math.max(1, r.queryLong("limit", 100)))))
                .get("/api/journal/orders", r -> journal.recentOrders((int) Math.min(1000, Math.max(1, r.queryLong("limit", 100)))))
                .sse("/api/stream", stream)
                .get("/metrics", r -> Metrics.render(registry))
                .control("/api/pause", r -> control(r, "pause"))
                .control("/api/resume", r -> control(r, "resume"))
                .control("/api/flatten", r -> control(r, "flatten"))
                .control("/api/shutdown", r -> control(r, "shutdown"))
                .control("/api/take-over", r -> control(r, "take-over"))
                .start();
    }

    /** Called by the engine after every iteration: pushes the new state to stream clients. */
    public void onSnapshot(Snapshot s) {
        if (stream.clients() == 0) {
            return;
        }
        lastStreamed = clock.millis();
        stream.broadcast("health", Json.write(health()));
        stream.broadcast("account", Json.write(account()));
        stream.broadcast("positions", Json.write(positions()));
    }

    /**
     * Keeps the stream at least once a second even when the loop is slower (or stuck: then the health event is
     * exactly what a watcher needs to see).
     */
    private void heartbeat() {
        if (stream.clients() > 0 && clock.millis() - lastStreamed >= 1000) {
            lastStreamed = clock.millis();
            stream.broadcast("health", Json.write(health()));
        }
    }

    /**
     * Status, most urgent first: {@code degraded} (a check fails: a stalled loop, the venue, market data, a
     * position without its stop, the journal), {@code halted} (the risk limits stopped new entries),
     * {@code paused} (an operator froze the strategy), {@code ok}. Halted and paused both carry a haltReason that
     * says why and how to trade again; PM reads anything but ok as "look here".
     */
    public Health health() {
        long now = clock.millis();
        Engine e = engine;
        if (e == null) {
            Map<String, Check> checks = new LinkedHashMap<>();
            checks.put("loop", new Check(false, "starting: connecting to the venue", now));
            checks.put("venue", new Check(false, venueDown == null ? "connecting" : "unreachable: " + venueDown
                    + " (retrying)", now));
            checks.put("marketData", new Check(false, "no mark price yet", now));
            checks.put("protection", new Check(false, "unknown until reconciled with the venue", now));
            checks.put("journal", new Check(true, "open", now));
            checks.put("startup", new Check(false, "startup: connecting to the venue; nothing traded yet", now));
            pog.trader.ownership.Ownership.Status owned = ownershipCheck(checks, now);
            return new Health(identity.service(), identity.instance(), identity.pid(), identity.version(),
                    identity.venue(), identity.account(), identity.startedAt(), owned != null && !owned.state()
                    .equals("owner") ? "held" : "degraded", null, false, null, checks, now);
        }
        Snapshot s = e.snapshot();
        Map<String, Check> checks = healthChecks.judge(e, now);
        pog.trader.ownership.Ownership.Status owned = ownershipCheck(checks, now);
        // held first: a trader that may not write to its account is the thing to look at, whatever else
        String status = owned != null && !owned.state().equals("owner") ? "held" : HealthChecks.status(checks, s);
        return new Health(identity.service(), identity.instance(), identity.pid(), identity.version(), identity.venue(),
                identity.account(), identity.startedAt(), status, e.strategyDescription(),
                s.paused(), haltReason(s), checks, now);
    }

    /** Adds {@code checks.ownership} (epoch, and the foreign epoch that holds the account, in its detail). */
    private pog.trader.ownership.Ownership.Status ownershipCheck(Map<String, Check> checks, long now) {
        pog.trader.ownership.Ownership o = ownership;
        if (o == null) {
            return null;
        }
        pog.trader.ownership.Ownership.Status st = o.status();
        checks.put("ownership", new Check(st.ok(), st.state() + ": " + st.detail()
                + (st.heldBy() == null ? "" : " [held by epoch " + st.heldBy() + "; own epoch " + st.epoch() + "]"), now));
        return st;
    }

    /** Why no new position is opened, and what brings trading back; null when nothing holds it. */
    private static String haltReason(Snapshot s) {
        String how = "; positions stay protected; POST /api/resume to trade again";
        if (s.haltReason() != null) {
            return s.haltReason() + (s.paused() ? "; also paused" + pausedText(s) : "") + how;
        }
        if (s.paused()) {
            return "paused" + pausedText(s) + how;
        }
        return null;
    }

    private static String pausedText(Snapshot s) {
        return (s.pausedBy() == null ? "" : " by " + s.pausedBy())
                + (s.pausedAt() == 0 ? "" : " since " + HH_MM.format(java.time.Instant.ofEpochMilli(s.pausedAt())));
    }

    public List<PositionView> positions() {
        return engine().snapshot().positions();
    }

    public AccountView account() {
        Snapshot s = engine().snapshot();
        if (s.account() == null) {
            return new AccountView(null, null, null, null, 0L);
        }
        BigDecimal upnl = BigDecimal.ZERO;
        for (PositionView p : s.positions()) {
            upnl = upnl.add(p.unrealizedPnl());
        }
        return new AccountView(s.account().equity(), s.account().marginUsed(), s.account().available(), upnl,
                s.account().observedAt());
    }

    private Object fills(Request r) {
        long since = r.queryLong("since", 0);
        int limit = (int) Math.min(5000, Math.max(1, r.queryLong("limit", 1000)));
        return journal.fillsSince(since, limit);
    }

    private Object control(Request r, String action) {
        // the body is read and checked before anything happens: a request that is not understood never acts
        BodyRules.Body body = CONTROL_BODY.check(r.body());
        String reason = body.text("reason");
        String by = "api " + r.remote() + (reason == null ? "" : " (" + reason + ")");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        switch (action) {
            case "pause" -> engine().pause(by);
            case "resume" -> engine().resume(by);
            case "flatten" -> out.put("closed", engine().flatten(by));
            case "take-over" -> {
                pog.trader.ownership.Ownership o = ownership;
                if (o == null) {
                    throw new IllegalStateException("not started yet");
                }
                out.put("adopted", o.takeOver(by));
                out.put("ownership", o.status());
            }
            case "shutdown" -> {
                // what stays on the venue, read once more before the process goes: PM and `pog stop-all` report it
                Engine e = engine;
                out.put("leftBehind", e == null
                        ? Map.of("clean", false, "detail", "not reconciled with the venue yet: what is left there is unknown")
                        : e.leftBehind());
                shutdown.accept(by);
            }
            default -> throw new IllegalArgumentException(action);
        }
        out.put("ok", true);
        out.put("time", clock.millis());
        return out;
    }

    private void registerMetrics() {
        GaugeWithCallback.builder().name("pog_trader_equity").help("Account equity (USD) at the last loop")
                .callback(cb -> snapshot().filter(s -> s.account() != null)
                        .ifPresent(s -> cb.call(s.account().equity().doubleValue()))).register(registry);
        GaugeWithCallback.builder().name("pog_trader_positions").help("Open positions")
                .callback(cb -> snapshot().ifPresent(s -> cb.call(s.positions().size()))).register(registry);
        GaugeWithCallback.builder().name("pog_trader_unprotected_positions")
                .help("Positions without a full stop resting on the venue")
                .callback(cb -> snapshot().ifPresent(s -> cb.call(s.unprotected()))).register(registry);
        GaugeWithCallback.builder().name("pog_trader_loop_age_seconds")
                .help("Seconds since the decision thread last finished processing")
                .callback(cb -> {
                    Engine e = engine;
                    if (e != null && e.lastProcessedAt() > 0) {
                        cb.call((clock.millis() - e.lastProcessedAt()) / 1000.0);
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("pog_trader_venue_latency_seconds").help("The latest venue call's latency (the venue's time; own budget pacing left out)")
                .callback(cb -> {
                    Engine e = engine;
                    if (e != null && e.venueStats().lastLatencyMs() >= 0) {
                        cb.call(e.venueStats().lastLatencyMs() / 1000.0);
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("pog_trader_venue_paced_seconds")
                .help("How long the latest venue call waited on the trader's own request budget (not venue latency)")
                .callback(cb -> {
                    Engine e = engine;
                    if (e != null) {
                        cb.call(e.venueStats().lastPacedMs() / 1000.0);
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("pog_trader_healthy").help("1 when /api/health says ok, else 0")
                .callback(cb -> cb.call("ok".equals(health().status()) ? 1 : 0)).register(registry);
        counter("pog_trader_orders_placed", "Orders accepted by the venue", c -> c.ordersPlaced);
        counter("pog_trader_stops_placed", "Protective stops placed", c -> c.stopsPlaced);
        counter("pog_trader_stops_replaced", "Stops found missing or wrong and placed again", c -> c.stopsReplaced);
        counter("pog_trader_venue_errors", "Failed venue calls", c -> c.venueErrors);
    }

    private void counter(String name, String help, java.util.function.ToLongFunction<Engine.Counters> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            Engine e = engine;
            cb.call(e == null ? 0 : value.applyAsLong(e.counters()));
        }).register(registry);
    }

    private java.util.Optional<Snapshot> snapshot() {
        Engine e = engine;
        return e == null ? java.util.Optional.empty() : java.util.Optional.of(e.snapshot());
    }
}
