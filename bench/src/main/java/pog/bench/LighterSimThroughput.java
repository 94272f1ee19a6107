package pog.bench;

import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.OrderType;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TimeInForce;
import pog.lighter.signer.tx.TxSigner;
import pog.lighter.sim.LighterSimConfig;
import pog.lighter.sim.LighterSimServer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of the simulated Lighter for signed create-order transactions, each signature verified and nonce
 * checked: a real server on loopback, HTTP/1.1 keep-alive, {@code sendTx} form posts from several accounts (one API
 * key each, so each client's nonces are its own). Transactions are signed before the clock starts, so the number is
 * the simulator's (client and server still share the machine's cores).
 *
 * <p>Each client's account and key are provisioned through the simulator's loopback call; every key's signatures are
 * verified with its precomputed verifier. A warm-up round (not counted) lets the JIT compile the path first.
 *
 * <p>{@code scripts/bench-lighter-sim.sh [txs=20000] [clients=8]}; prints tx/s, mean, p50 and p99 latency, the load
 * average and the process's CPU time.
 */
public final class LighterSimThroughput {
    private LighterSimThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("lighter-bench");
        try (LighterSimServer server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0), dir,
                Clock.systemUTC(), false)) {
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int per = total / clients;
            int warm = Math.max(50, per / 4);
            List<List<String>> bodies = new ArrayList<>();
            long expiry = System.currentTimeMillis() + 3_600_000;
            for (int c = 0; c < clients; c++) {
                PrivateKey key = PrivateKey.generate(new SecureRandom());
                TxSigner signer = new TxSigner(key, LighterSimConfig.DEFAULT_CHAIN_ID, 100 + c, 3);
                post(http, base + "sim/registerApiKey", "account_index=" + (100 + c) + "&api_key_index=3&public_key="
                        + key.publicKeyHex());
                List<String> mine = new ArrayList<>(warm + per);
                for (int i = 0; i < warm + per; i++) {
                    // Resting buys far below the mark: each one is a verified, persisted, resting order.
                    SignedTx tx = signer.sign(new CreateOrder(0, i + 1, 100, 100_000 + (i % 1000), 0, OrderType.LIMIT,
                            TimeInForce.GOOD_TILL_TIME, 0, 0, expiry), i, expiry);
                    mine.add("tx_type=14&tx_info=" + URLEncoder.encode(tx.txInfo(), StandardCharsets.UTF_8));
                }
                bodies.add(mine);
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            // Warm-up: each client's first transactions compile the path; they are not counted.
            List<Future<?>> warmups = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                warmups.add(pool.submit(() -> {
                    for (int i = 0; i < warm; i++) {
                        post(http, base + "sendTx", bodies.get(client).get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : warmups) {
                f.get();
            }
            long server0 = serverCpuNanos();
            double load0 = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long cpu0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            long[][] latencies = new long[clients][per];
            long start = System.nanoTime();
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < per; i++) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = post(http, base + "sendTx", bodies.get(client).get(warm + i));
                        latencies[client][i] = System.nanoTime() - t0;
                        if (r.statusCode() == 200) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() - cpu0;
            long serverCpu = serverCpuNanos() - server0;
            double load1 = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            pool.shutdown();
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf("lighter-sim sendTx: %d tx (%d ok) from %d clients in %.2f s = %.0f tx/s; latency mean"
                            + " %.2f ms, p50 %.2f ms, p99 %.2f ms%n", all.length, ok, clients, seconds, all.length / seconds,
                    Arrays.stream(all).average().orElse(0) / 1e6, all[all.length / 2] / 1e6,
                    all[(int) (all.length * 0.99)] / 1e6);
            System.out.printf("  process CPU %.2f s (%.0f%% of one core; server and clients together), load average"
                    + " %.1f -> %.1f, %d cores%n", cpu / 1e9, 100 * cpu / 1e9 / seconds, load0, load1,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  server threads' CPU %.0f us per tx (the simulator's share; the rest is the clients)%n",
                    serverCpu / 1e3 / all.length);
        }
    }

    /** CPU time of every live thread but the bench's clients (pool-*, HttpClient-*): the simulator's share. */
    private static long serverCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && !t.getThreadName().startsWith("pool-") && !t.getThreadName().startsWith("HttpClient")) {
                long c = mx.getThreadCpuTime(t.getThreadId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }

    private static HttpResponse<String> post(HttpClient http, String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
