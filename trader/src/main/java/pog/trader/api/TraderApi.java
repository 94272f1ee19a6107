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
    private final Journal journal;
    private final Clock clock;
    private final long loopMillis;
    private final java.util.function.Consumer<String> shutdown;
    private final SseHub stream;
    private final PrometheusRegistry registry = new PrometheusRegistry();
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
        this.identity = identity;
        this.journal = journal;
        this.clock = clock;
        this.loopMillis = loopMillis;
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
            return new Health(identity.service(), identity.instance(), identity.pid(), identity.version(),
                    identity.venue(), identity.account(), identity.startedAt(), "degraded", null, false, null,
                    checks, now);
        }
        Snapshot s = e.snapshot();
        long loopBound = Math.max(3 * loopMillis, 5_000);
        Map<String, Check> checks = new LinkedHashMap<>();
        long loopAge = now - s.lastLoopAt();
        checks.put("loop", s.lastLoopAt() == 0 ? new Check(false, "starting: loop has not run yet", now)
                : loopAge <= loopBound ? new Check(true, "last iteration " + loopAge + " ms ago", now)
                : new Check(false, "stalled: last iteration " + loopAge + " ms ago (expected every " + loopMillis
                        + " ms)", now));
        checks.put("venue", s.venueError() != null
                ? new Check(false, "unreachable: " + s.venueError(), now)
                : s.lastVenueOkAt() == 0 ? new Check(false, "not reached yet", now)
                : age(now - s.lastVenueOkAt() <= loopBound + 10_000, "last ok", now - s.lastVenueOkAt(), now));
        checks.put("marketData", s.lastMarkAt() == 0 ? new Check(false, "no mark price yet", now)
                : age(now - s.lastMarkAt() <= loopBound + 10_000, "last mark", now - s.lastMarkAt(), now));
        checks.put("protection", new Check(s.unprotected() == 0, s.unprotected() == 0
                ? s.positions().size() + " position(s), all protected"
                : s.unprotected() + " position(s) without a full stop", now));
        checks.put("journal", s.journalError() == null ? new Check(true, "writable", now)
                : new Check(false, "not writable (" + s.journalError() + ") for " + (now - s.journalFailingSince())
                        + " ms; opening nothing new, stops stay and are re-placed", now));
        Strategy.Status strategy = e.strategyStatus();
        checks.put("strategy", new Check(strategy.ok(), strategy.detail(), now));
        boolean allOk = checks.values().stream().allMatch(Check::ok);
        String status = !allOk ? "degraded" : s.haltReason() != null ? "halted" : s.paused() ? "paused" : "ok";
        return new Health(identity.service(), identity.instance(), identity.pid(), identity.version(), identity.venue(),
                identity.account(), identity.startedAt(), status, e.strategyDescription(), s.paused(),
                haltReason(s), checks, now);
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

    private static Check age(boolean ok, String what, long ageMillis, long now) {
        return new Check(ok, what + " " + ageMillis + " ms ago", now);
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
        GaugeWithCallback.builder().name("pog_trader_loop_age_seconds").help("Seconds since the loop last ran")
                .callback(cb -> snapshot().filter(s -> s.lastLoopAt() > 0)
                        .ifPresent(s -> cb.call((clock.millis() - s.lastLoopAt()) / 1000.0))).register(registry);
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
