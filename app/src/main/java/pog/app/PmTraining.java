package pog.app;

import pog.common.auth.ControlToken;
import pog.common.http.HttpService;
import pog.contract.Health;
import pog.pm.PmService;
import pog.pm.config.PmConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The training run of PM's own class-data archive ({@code ./pog pm} uses it): PM alone adopts and watches two fake
 * traders, answered by PoG's own HTTP front (no trader, venue or simulator class is loaded, and no HTTP client PM does
 * not use), and is asked what people and the dashboard ask. An archive of only PM's classes keeps PM's memory down:
 * the JVM maps and relocates the whole archive, used or not.
 */
final class PmTraining {
    private static final String TOKEN = "cds-training-token-0123456789";

    private PmTraining() {
    }

    static void run(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<HttpService> traders = List.of(fakeTrader("trader-a"), fakeTrader("trader-b"));
        try {
            StringBuilder yaml = new StringBuilder("port: 0\ndataDir: " + dir.resolve("pm") + "\nservices:\n");
            for (int i = 0; i < traders.size(); i++) {
                yaml.append("  - id: trader-").append((char) ('a' + i)).append("\n    baseUrl: ")
                        .append(traders.get(i).baseUrl()).append("\n    command: [\"false\"]\n");
            }
            Path config = dir.resolve("pm.yaml");
            Files.writeString(config, yaml);
            try (PmService pm = PmService.start(PmConfig.load(config), Clock.systemUTC(), ControlToken.of(TOKEN))) {
                long ticks = pm.monitor().ticks();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (pm.monitor().ticks() < ticks + 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                List<String> paths = List.of("/api/status", "/api/services", "/api/services/trader-a",
                        "/api/portfolio", "/api/hosts", "/api/events", "/api/equity/history", "/metrics", "/",
                        "/api/alerts");
                paths.forEach(p -> read(pm.baseUrl() + p));
                // someone looked: the next portfolio round reads positions too
                Thread.sleep(2_500);
                paths.forEach(p -> read(pm.baseUrl() + p));
            }
        } finally {
            traders.forEach(HttpService::close);
        }
    }

    private static HttpService fakeTrader(String id) throws IOException {
        long started = System.currentTimeMillis();
        String instance = java.util.UUID.randomUUID().toString();
        return HttpService.builder().bind("127.0.0.1", 0)
                .get("/api/health", r -> Health.healthy(id, instance, ProcessHandle.current().pid(), "training",
                        "paper", "training-" + id, started, System.currentTimeMillis()))
                .get("/api/positions", r -> List.of(Map.of("symbol", "BTC", "side", "long", "size", "0.01",
                        "entryPrice", "50000", "markPrice", "50100", "unrealizedPnl", "1.00", "protected", true,
                        "observedAt", System.currentTimeMillis())))
                .get("/api/account", r -> Map.of("equity", "10000.00", "marginUsed", "50.00", "available", "9950.00",
                        "observedAt", System.currentTimeMillis()))
                .get("/api/orders", r -> List.of())
                .start();
    }

    private static void read(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(5_000);
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
        } catch (IOException e) {
            // a route that fails here fails for people too; the archive just lacks what it would have loaded
        }
    }
}
