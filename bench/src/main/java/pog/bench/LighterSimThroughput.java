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
 * <p>{@code scripts/bench-lighter-sim.sh [txs=20000] [clients=8] [socket|jdk]}: the clients are minimal keep-alive
 * socket clients by default (cheap, so the simulator gets most of the shared cores), or the JDK's HttpClient; prints tx/s, mean, p50 and p99 latency, the load
 * average and the process's CPU time.
 */
public final class LighterSimThroughput {
    private LighterSimThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        boolean jdkClient = args.length > 2 && args[2].equals("jdk");
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
            Sender[] senders = new Sender[clients];
            for (int c = 0; c < clients; c++) {
                senders[c] = jdkClient ? form -> post(http, base + "sendTx", form).statusCode()
                        : new SocketSender(server.port(), "/api/v1/sendTx");
            }
            // Warm-up: each client's first transactions compile the path; they are not counted.
            List<Future<?>> warmups = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                warmups.add(pool.submit(() -> {
                    for (int i = 0; i < warm; i++) {
                        senders[client].send(bodies.get(client).get(i));
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
                        int status = senders[client].send(bodies.get(client).get(warm + i));
                        latencies[client][i] = System.nanoTime() - t0;
                        if (status == 200) {
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
            System.out.printf("lighter-sim sendTx (" + (jdkClient ? "JDK HttpClient" : "keep-alive socket clients")
                    + "): %d tx (%d ok) from %d clients in %.2f s = %.0f tx/s; latency mean"
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

    /** Sends one form POST and answers its HTTP status. */
    private interface Sender {
        int send(String form) throws Exception;
    }

    /**
     * A minimal HTTP/1.1 keep-alive client on one socket: the JDK's HttpClient spends more CPU per request than the
     * simulator does, and the load generator shares the machine's cores with it. Reads Content-Length or chunked
     * answers; anything else is a bench failure.
     */
    private static final class SocketSender implements Sender {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;
        private final byte[] head;

        SocketSender(int port, String path) throws java.io.IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public int send(String form) throws java.io.IOException {
            byte[] body = form.getBytes(StandardCharsets.US_ASCII);
            out.write(head);
            out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long n = Long.parseLong(line().trim(), 16); n > 0; n = Long.parseLong(line().trim(), 16)) {
                    skip(n);
                    line();
                }
                line();
            } else if (length >= 0) {
                skip(length);
            } else {
                throw new java.io.IOException("answer without a length");
            }
            return code;
        }

        private void skip(long n) throws java.io.IOException {
            for (long left = n; left > 0; ) {
                long k = in.skip(left);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new java.io.EOFException();
                    }
                    k = 1;
                }
                left -= k;
            }
        }

        private String line() throws java.io.IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
    }

    /** CPU time of every live thread but the bench's clients (pool-*, HttpClient-*): the simulator's share. */
    private static long serverCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && !t.getThreadName().startsWith("pool-") && !t.getThreadName().startsWith("HttpClient")
                    && !t.getThreadName().startsWith("main")) {
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
