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
                    Notifier n = notifier(alerts);
                    return n == null ? List.of() : n.list((int) limit);
                })
                .get("/api/alerts/channels", r -> {
                    Notifier n = notifier(alerts);
                    return Map.of("channels", n == null ? List.of() : n.channelNames(),
                            "minSeverity", n == null ? "warning" : n.config().minSeverity().wire());
                })
                .control("/api/alerts/{id}/ack", r -> {
                    Notifier n = require(alerts);
                    String id = r.pathParam("id");
                    if (!n.ack(id, r.remote())) {
                        throw ApiException.notFound("no alert '" + id + "'");
                    }
                    events.audit(null, "alert-ack", r.remote(), "acked", "alert " + id);
                    return Map.of("id", id, "state", "acked");
                })
                .control("/api/alerts/test", r -> {
                    Notifier n = require(alerts);
                    List<Notifier.TestResult> results = n.test("dashboard, from " + r.remote());
                    boolean all = results.stream().allMatch(Notifier.TestResult::ok);
                    events.audit(null, "alert-test", r.remote(), all ? "delivered" : "failed", results.size()
                            + " channel(s)" + (all ? "" : "; failed: " + String.join(", ", results.stream()
                            .filter(t -> !t.ok()).map(Notifier.TestResult::channel).toList())));
                    return Map.of("delivered", all, "results", results);
                });
    }

    private static Notifier notifier(Supplier<PmAlerts> alerts) {
        PmAlerts a = alerts.get();
        return a == null ? null : a.notifier();
    }

    private static Notifier require(Supplier<PmAlerts> alerts) throws InterruptedException {
        PmAlerts a = alerts.get();
        // a person who clicks right after PM started waits a moment for the journal rather than being refused
        Notifier n = a == null ? null : a.awaitNotifier(10_000);
        if (n == null) {
            throw new ApiException(503, "alerts unavailable", "PM's alerts journal is not open (starting, or it"
                    + " could not be opened: see PM's log)");
        }
        return n;
    }
}
