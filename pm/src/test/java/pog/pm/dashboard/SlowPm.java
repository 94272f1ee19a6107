package pog.pm.dashboard;

import pog.common.http.HttpService;
import pog.common.http.SseHub;
import pog.common.json.Json;
import pog.pm.api.DashboardRoutes;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A PM that serves the real dashboard and answers its API in PM's shapes, but holds back what it watches: the
 * stream opens and beats, {@code /api/status} answers, while {@code GET /api/services} and the stream's
 * {@code services} snapshot wait until the test calls {@link #release}. It stands for a PM whose first answer is
 * still on its way, which a real PM is only for a moment too short to look at.
 */
final class SlowPm implements AutoCloseable {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slow-pm-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final long startedAt = System.currentTimeMillis();
    private final SseHub stream;
    private final HttpService http;

    SlowPm() throws IOException {
        stream = new SseHub(c -> {
            if (gate.getCount() == 0) {
                c.send("services", Json.write(services()));
            }
        });
        http = DashboardRoutes.register(HttpService.builder().bind("127.0.0.1", 0))
                .get("/api/status", r -> Map.of("service", "pm", "instance", "slow-pm", "pid",
                        ProcessHandle.current().pid(), "version", "test", "startedAt", startedAt,
                        "monitor", "running", "time", System.currentTimeMillis()))
                .get("/api/services", r -> {
                    gate.await();
                    return services();
                })
                .get("/api/portfolio", r -> portfolio())
                .get("/api/events", r -> List.of())
                .get("/api/equity/history", r -> Map.of("from", 0, "to", 0, "step", 1000, "points", List.of()))
                .sse("/api/stream", stream)
                .start();
        beats.scheduleAtFixedRate(() -> stream.broadcast("heartbeat", "{\"time\":" + System.currentTimeMillis() + "}"),
                0, 500, TimeUnit.MILLISECONDS);
    }

    String url() {
        return http.baseUrl() + "/";
    }

    /** PM's answer arrives: held requests are answered and the stream sends its snapshot. */
    void release() {
        gate.countDown();
        stream.broadcast("services", Json.write(services()));
    }

    private List<Map<String, Object>> services() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", "trader-hl");
        s.put("name", "Hyperliquid trader");
        s.put("state", "HEALTHY");
        s.put("origin", "adopted");
        s.put("pid", 4242);
        s.put("baseUrl", "http://127.0.0.1:9002");
        s.put("lastCheckAt", System.currentTimeMillis());
        s.put("lastOkAt", System.currentTimeMillis());
        s.put("consecutiveFailures", 0);
        s.put("restarts", 0);
        s.put("launcher", "process");
        s.put("startedAt", startedAt);
        return List.of(s);
    }

    private Map<String, Object> portfolio() {
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("equity", "unknown");
        total.put("knownEquity", "0");
        total.put("complete", false);
        total.put("unknownServices", List.of("trader-hl"));
        return Map.of("time", System.currentTimeMillis(), "total", total, "traders", List.of(),
                "positions", List.of(), "unprotectedPositions", 0);
    }

    @Override
    public void close() {
        gate.countDown();
        beats.shutdownNow();
        stream.closeAll();
        http.close();
    }
}
