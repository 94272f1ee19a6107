package pog.hyperliquid.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.common.json.Json;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.sim.HlSimConfig;
import pog.hyperliquid.sim.HlSimServer;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the simulated Hyperliquid for signed orders, signatures verified: a real server on loopback, real
 * HTTP, one resting GTC order per request from several signers. Requests are signed before the clock starts, so
 * the number is the simulator's (client and server still share this machine's cores).
 *
 * <p>{@code scripts/bench-hl-sim.sh [orders] [clients]}; prints orders/s, mean and p99 latency.
 */
public final class HlSimThroughputBench {
    private HlSimThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int signers = 8;
        int warmup = Math.min(5_000, orders / 4);
        Path dir = Files.createTempDirectory("hl-sim-bench");
        HlSimConfig config = HlSimConfig.defaults().withPort(0);
        try (HlSimServer server = HlSimServer.start(config, dir, Clock.systemUTC(), true)) {
            String url = "http://127.0.0.1:" + server.port() + "/exchange";
            List<String> bodies = sign(warmup + orders, signers);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            run(http, url, bodies.subList(0, warmup), clients, "warm-up");
            run(http, url, bodies.subList(warmup, bodies.size()), clients, "measured");
        }
    }

    private static List<String> sign(int n, int signers) {
        List<L1Signer> keys = new ArrayList<>();
        for (int i = 0; i < signers; i++) {
            BigInteger k = BigInteger.valueOf(0x5eed0000L + i).shiftLeft(128).add(BigInteger.valueOf(i + 1));
            keys.add(new L1Signer(PrivateKey.fromHex(String.format("0x%064x", k)), Network.TESTNET));
        }
        long nonce = System.currentTimeMillis();
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Valid prices well below the mark (30000..59999, 5 significant figures): every order rests.
            String px = Integer.toString(30_000 + (i % 29_999));
            ObjectNode action = Actions.order(List.of(new OrderWire(0, true, px, "0.001", false,
                    new OrderTypeWire.Limit(Tif.GTC), null)), Grouping.NA);
            L1Action l1 = new L1Action(action, nonce + i);
            bodies.add(Json.write(l1.requestBody(keys.get(i % signers).sign(l1))));
        }
        return bodies;
    }

    private static void run(HttpClient http, String url, List<String> bodies, int clients, String label)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long[] latencies = new long[bodies.size()];
        AtomicLong busy = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 || !r.body().contains("\"resting\"")) {
                            if (failures.getAndIncrement() < 3) {
                                System.err.println("unexpected answer: " + r.statusCode() + " " + r.body());
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                    busy.addAndGet(latencies[i]);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        long[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        double perSecond = bodies.size() / (elapsed / 1e9);
        System.out.printf("%s: %d signed orders in %.2f s = %.0f orders/s; mean %.2f ms, p50 %.2f ms, p99 %.2f ms; "
                        + "%d clients, %d failures%n", label, bodies.size(), elapsed / 1e9, perSecond,
                busy.get() / 1e6 / bodies.size(), sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, clients, failures.get());
    }
}
