package pog.pm.api;

import pog.alerts.Notifier;
import pog.common.http.ApiException;
import pog.common.http.HttpService;
import pog.pm.alerts.PmAlerts;
import pog.pm.history.EventLog;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/alerts} (newest first), {@code POST /api/alerts/{id}/ack} and {@code POST /api/alerts/test} (both
 * with the control token; the test is audited). Answers never hold a channel's URL or token: channels are named.
 */
public final class AlertRoutes {
    private AlertRoutes() {
    }

    public static HttpService.Builder register(HttpService.Builder b, Supplier<PmAlerts> alerts, EventLog events) {
        return b
                .get("/api/alerts", r -> {
                    long limit = r.queryLong("limit", 100);
                    if (limit < 1 || limit > 1_000) {
                        throw ApiException.badRequest("limit must be between 1 and 1000, got " + limit);
                    }
                    PmAlerts a = alerts.get();
                    return a == null ? List.of() : a.notifier().list((int) limit);
                })
                .get("/api/alerts/channels", r -> {
                    PmAlerts a = alerts.get();
                    return Map.of("channels", a == null ? List.of() : a.notifier().channelNames(),
                            "minSeverity", a == null ? "warning" : a.notifier().config().minSeverity().wire());
                })
                .control("/api/alerts/{id}/ack", r -> {
                    PmAlerts a = require(alerts);
                    String id = r.pathParam("id");
                    if (!a.notifier().ack(id, r.remote())) {
                        throw ApiException.notFound("no alert '" + id + "'");
                    }
                    events.audit(null, "alert-ack", r.remote(), "acked", "alert " + id);
                    return Map.of("id", id, "state", "acked");
                })
                .control("/api/alerts/test", r -> {
                    PmAlerts a = require(alerts);
                    List<Notifier.TestResult> results = a.notifier().test("dashboard, from " + r.remote());
                    boolean all = results.stream().allMatch(Notifier.TestResult::ok);
                    events.audit(null, "alert-test", r.remote(), all ? "delivered" : "failed", results.size()
                            + " channel(s)" + (all ? "" : "; failed: " + String.join(", ", results.stream()
                            .filter(t -> !t.ok()).map(Notifier.TestResult::channel).toList())));
                    return Map.of("delivered", all, "results", results);
                });
    }

    private static PmAlerts require(Supplier<PmAlerts> alerts) {
        PmAlerts a = alerts.get();
        if (a == null) {
            throw new ApiException(503, "alerts not ready", "PM's alerts are still starting");
        }
        return a;
    }
}
