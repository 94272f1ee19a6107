package pog.pm.api;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.auth.ControlToken;
import pog.common.http.ApiException;
import pog.common.http.HttpService;
import pog.common.http.Request;
import pog.common.http.SseHub;
import pog.common.metrics.Metrics;
import pog.pm.alerts.PmAlerts;
import pog.pm.control.Controller;
import pog.pm.control.RestartResult;
import pog.pm.control.StartOutcome;
import pog.pm.control.StartResult;
import pog.pm.control.StopOutcome;
import pog.pm.control.StopResult;
import pog.pm.history.EquityHistory;
import pog.pm.history.EventLog;
import pog.pm.portfolio.PortfolioTracker;
import pog.pm.registry.Registry;
import pog.pm.registry.ServiceEntry;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The routes of PM's HTTP API (contract in DESIGN.md); control routes need the token and are audited by Controller. */
public final class PmApi {
    private static final long HOUR = 3_600_000L;

    private final Registry registry;
    private final Controller controller;
    private final PortfolioTracker portfolio;
    private final EquityHistory equity;
    private final EventLog events;
    private final PmMetrics metrics;
    private final Supplier<StatusView> status;
    private final Runnable shutdown;
    private final Clock clock;
    private volatile Supplier<PmAlerts> alerts = () -> null;

    public PmApi(Registry registry, Controller controller, PortfolioTracker portfolio, EquityHistory equity,
                 EventLog events, PmMetrics metrics, Supplier<StatusView> status, Runnable shutdown, Clock clock) {
        this.registry = registry;
        this.controller = controller;
        this.portfolio = portfolio;
        this.equity = equity;
        this.events = events;
        this.metrics = metrics;
        this.status = status;
        this.shutdown = shutdown;
        this.clock = clock;
    }

    /** Where the alert routes find PM's alerts (they open once the API listens, since links need its address). */
    public PmApi alerts(Supplier<PmAlerts> source) {
        this.alerts = source;
        return this;
    }

    /**
     * @param hostNames the config's {@code hostNames}: names besides loopback that a request's {@code Host} may carry
     */
    public HttpService start(String bind, int port, Collection<String> hostNames, ControlToken token, SseHub stream)
            throws IOException {
        return AlertRoutes.register(DashboardRoutes.register(HttpService.builder().bind(bind, port).hostNames(hostNames).token(token)),
                        () -> alerts.get(), events)
                .get("/api/status", r -> status.get())
                .get("/api/services", r -> registry.views())
                .get("/api/services/{id}", r -> {
                    ServiceEntry e = entry(r);
                    synchronized (e) {
                        return e.view();
                    }
                })
                .control("/api/services/{id}/start", r -> {
                    noBody(r, Set.of());
                    return answer(controller.start(entry(r).id(), r.remote()));
                })
                .control("/api/services/{id}/stop", r -> answer(controller.stop(entry(r).id(),
                        flag(noBody(r, Set.of("flatten")), "flatten"), r.remote())))
                .control("/api/services/{id}/restart", r -> {
                    noBody(r, Set.of());
                    return answer(controller.restart(entry(r).id(), r.remote()));
                })
                .control("/api/services/stop-all", r -> controller.stopAll(
                        flag(noBody(r, Set.of("flatten")), "flatten"), r.remote()))
                .control("/api/shutdown", r -> {
                    noBody(r, Set.of());
                    events.audit(null, "pm-shutdown", r.remote(), "accepted", "traders are left running");
                    shutdown.run();
                    return Map.of("stopping", true, "traders", "untouched");
                })
                // per-host reachability: a fact of its own, "host B unreachable since 12:03: its 2 traders Unknown"
                .get("/api/hosts", r -> pog.pm.registry.HostView.of(registry.views()))
                .get("/api/portfolio", r -> portfolio.view())
                .get("/api/equity/history", this::history)
                .get("/api/events", r -> {
                    long after = r.queryLong("after", 0);
                    long since = r.queryLong("since", 0);
                    long limit = r.queryLong("limit", 200);
                    if (limit < 1 || limit > 5_000) {
                        throw ApiException.badRequest("limit must be between 1 and 5000, got " + limit);
                    }
                    return events.list(after, since, (int) limit);
                })
                .sse("/api/stream", stream)
                .get("/metrics", r -> Metrics.render(metrics.registry()))
                .start();
    }

    private Object history(Request r) throws SQLException {
        long now = clock.millis();
        long to = r.queryLong("to", now);
        long from = r.queryLong("from", to - HOUR);
        long step = r.queryLong("step", Math.max(1_000, (to - from) / 500));
        try {
            return equity.query(from, to, step);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** A start that left the trader running is 200; a failed one 500; anything else (refused, busy, conflict) 409. */
    static StartResult answer(StartResult r) {
        if (r.outcome().succeeded()) {
            return r;
        }
        if (r.outcome() == StartOutcome.FAILED) {
            throw new ApiException(500, "start failed", r.detail());
        }
        throw ApiException.conflict(r.detail());
    }

    /** Stopped or not running is 200; an external service 409; a stop that may have left it running 500. */
    static StopResult answer(StopResult r) {
        if (r.outcome().gone()) {
            return r;
        }
        if (r.outcome() == StopOutcome.SKIPPED) {
            throw ApiException.conflict(r.detail());
        }
        throw new ApiException(500, "stop failed", r.detail());
    }

    static RestartResult answer(RestartResult r) {
        return switch (r.outcome()) {
            case RESTARTED -> r;
            case REFUSED -> throw ApiException.conflict(r.detail());
            case STOP_FAILED, START_FAILED -> throw new ApiException(500, "restart failed", r.detail());
        };
    }

    private ServiceEntry entry(Request r) {
        ServiceEntry e = registry.get(r.pathParam("id"));
        if (e == null) {
            throw ApiException.notFound("no service '" + r.pathParam("id") + "' in PM's configuration");
        }
        return e;
    }

    /** The body must be a JSON object with only the allowed keys: a typo must not silently mean the default. */
    private static JsonNode noBody(Request r, Set<String> allowed) {
        JsonNode body = r.json();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw ApiException.badRequest("unknown field '" + k + "'" + (allowed.isEmpty() ? " (no body expected)"
                        : " (allowed: " + String.join(", ", allowed) + ")"));
            }
        }
        return body;
    }

    private static boolean flag(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("'" + name + "' must be true or false, got " + v);
        }
        return v.booleanValue();
    }
}
