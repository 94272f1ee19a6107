package pog.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import pog.common.json.Json;
import pog.contract.Health;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many fake traders in the benchmark's own JVM (ids t0..tN-1, each on its own loopback port): each answers the
 * contract's read side ({@code /api/health}, positions, account, orders) so PM can adopt and watch it, and the farm
 * counts how often PM reads health. Cheap: what is measured is PM's cost, not the traders'.
 */
final class TraderFarm implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final AtomicLong healthReads = new AtomicLong();
    /** Per trader: the time of its last health read and the longest gap between two (ms); reset by {@link #resetGaps}. */
    private final Map<String, long[]> reads = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "farm");
        t.setDaemon(true);
        return t;
    });

    static TraderFarm start(int n) throws IOException {
        TraderFarm f = new TraderFarm();
        long started = System.currentTimeMillis();
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < n; i++) {
            String id = "t" + i;
            String instance = UUID.randomUUID().toString();
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            s.setExecutor(f.pool);
            s.createContext("/api/health", x -> {
                f.healthReads.incrementAndGet();
                long now = System.currentTimeMillis();
                long[] r = f.reads.computeIfAbsent(id, k -> new long[] {now, 0});
                synchronized (r) {
                    r[1] = Math.max(r[1], now - r[0]);
                    r[0] = now;
                }
                answer(x, Health.healthy(id, instance, pid, "farm", "paper", "farm-" + id, started, now));
            });
            s.createContext("/api/positions", x -> answer(x, List.of()));
            s.createContext("/api/orders", x -> answer(x, List.of()));
            s.createContext("/api/account", x -> answer(x, Map.of("equity", "10000.00", "marginUsed", "0",
                    "available", "10000.00", "observedAt", System.currentTimeMillis())));
            s.start();
            f.servers.add(s);
            f.ports.add(s.getAddress().getPort());
        }
        return f;
    }

    private static void answer(HttpExchange x, Object body) throws IOException {
        byte[] b = Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    List<Integer> ports() {
        return ports;
    }

    long healthReads() {
        return healthReads.get();
    }

    /** Starts a new window for {@link #longestGapMs}: each trader's gap counts from its next read. */
    void resetGaps() {
        reads.clear();
    }

    /**
     * The longest time any trader went without a health read since {@link #resetGaps}, up to {@code now} for the
     * last read of each (a trader never read since counts from the reset).
     */
    long longestGapMs(long resetAt, int traders) {
        long now = System.currentTimeMillis();
        long worst = reads.size() < traders ? now - resetAt : 0;
        for (long[] r : reads.values()) {
            synchronized (r) {
                worst = Math.max(worst, Math.max(r[1], now - r[0]));
            }
        }
        return worst;
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        pool.shutdownNow();
    }
}
