package pog.bench;

import pog.common.http.HttpService;
import pog.common.http.SseHub;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The smallest PoG-like service, for {@link HttpHostile}: {@code /api/health} plus an SSE stream that broadcasts a
 * small event every second (as a trader's heartbeat does). Prints {@code port=N} once it serves; exits when its
 * stdin closes, so it can never outlive the harness.
 */
public final class HttpHostileService {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long started = System.currentTimeMillis();
        SseHub hub = new SseHub(c -> c.send("hello", "{\"n\":0}"));
        HttpService http = HttpService.builder().bind("127.0.0.1", port)
                .get("/api/health", r -> Map.of("service", "bench", "status", "ok", "startedAt", started,
                        "time", System.currentTimeMillis()))
                .sse("/api/stream", hub)
                .start();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(() -> hub.broadcast("health", "{\"status\":\"ok\",\"time\":"
                + System.currentTimeMillis() + "}"), 1, 1, TimeUnit.SECONDS);
        System.out.println("port=" + http.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // the harness keeps stdin open while it wants this service
        }
        http.close();
        System.exit(0);
    }

    private HttpHostileService() {
    }
}
