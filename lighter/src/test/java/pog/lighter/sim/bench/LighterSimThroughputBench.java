package pog.lighter.sim.bench;

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
 * <p>{@code scripts/bench-lighter-sim.sh [txs=5000] [clients=8]}; prints tx/s, mean and p99 latency.
 */
public final class LighterSimThroughputBench {
    private LighterSimThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("lighter-bench");
        try (LighterSimServer server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0), dir,
                Clock.systemUTC(), false)) {
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int per = total / clients;
            List<List<String>> bodies = new ArrayList<>();
            long expiry = System.currentTimeMillis() + 3_600_000;
            for (int c = 0; c < clients; c++) {
                PrivateKey key = PrivateKey.generate(new SecureRandom());
                TxSigner signer = new TxSigner(key, LighterSimConfig.DEFAULT_CHAIN_ID, 100 + c, 3);
                post(http, base + "sim/registerApiKey", "account_index=" + (100 + c) + "&api_key_index=3&public_key="
                        + key.publicKeyHex());
                List<String> mine = new ArrayList<>(per);
                for (int i = 0; i < per; i++) {
                    // Resting buys far below the mark: each one is a verified, persisted, resting order.
                    SignedTx tx = signer.sign(new CreateOrder(0, i + 1, 100, 100_000 + (i % 1000), 0, OrderType.LIMIT,
                            TimeInForce.GOOD_TILL_TIME, 0, 0, expiry), i, expiry);
                    mine.add("tx_type=14&tx_info=" + URLEncoder.encode(tx.txInfo(), StandardCharsets.UTF_8));
                }
                bodies.add(mine);
            }
            // Warm-up: a few of each client's first transactions are not counted, only their connection is.
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long[][] latencies = new long[clients][per];
            long start = System.nanoTime();
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < per; i++) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = post(http, base + "sendTx", bodies.get(client).get(i));
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
            pool.shutdown();
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf("lighter-sim sendTx: %d tx (%d ok) from %d clients in %.2f s = %.0f tx/s; latency mean"
                            + " %.2f ms, p50 %.2f ms, p99 %.2f ms%n", all.length, ok, clients, seconds, all.length / seconds,
                    Arrays.stream(all).average().orElse(0) / 1e6, all[all.length / 2] / 1e6,
                    all[(int) (all.length * 0.99)] / 1e6);
        }
    }

    private static HttpResponse<String> post(HttpClient http, String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
