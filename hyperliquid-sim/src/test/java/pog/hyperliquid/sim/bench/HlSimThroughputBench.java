package pog.hyperliquid.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.common.json.Json;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.sim.HyperliquidSimConfig;
import pog.hyperliquid.sim.HyperliquidSimServer;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;

import java.math.BigInteger;
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
 * HTTP/1.1 keep-alive connections, one resting GTC order per request from several signers. Requests are signed before the clock starts, so
 * the number is the simulator's (client and server still share this machine's cores).
 *
 * <p>{@code scripts/bench-hl-sim.sh [orders] [clients] [warm-up orders]}; prints orders/s, mean and p99 latency,
 * and where the process's CPU went (server threads, the load generator, the JVM's GC and JIT threads).
 */
public final class HlSimThroughputBench {
    private HlSimThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        // The JIT is still compiling after a few thousand orders (the bench prints its compile time): by default the
        // warm-up is as long as the measured run, so the measured run is the simulator's steady state.
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : orders;
        // Every order rests, and the venue caps an account at 1000 open orders: enough signers to stay below it.
        int signers = Math.max(8, (warmup + orders + 899) / 900);
        Path dir = Files.createTempDirectory("hl-sim-bench");
        List<L1Signer> keys = signers(signers);
        java.util.Map<String, java.math.BigDecimal> accounts = new java.util.HashMap<>();
        for (L1Signer k : keys) {
            accounts.put(k.signerAddress().toString(), new java.math.BigDecimal("100000000")); // every order fits
        }
        // The per-IP budget (1200 weight a minute) is off: every client is on this one loopback address.
        HyperliquidSimConfig config = HyperliquidSimConfig.defaults().withPort(0).withIpWeightPerMinute(0).withAccounts(accounts);
        try (HyperliquidSimServer server = HyperliquidSimServer.start(config, dir, Clock.systemUTC(), true)) {
            List<String> bodies = sign(warmup + orders, keys);
            run(server.port(), bodies.subList(0, warmup), clients, "warm-up");
            run(server.port(), bodies.subList(warmup, bodies.size()), clients, "measured");
        }
    }

    /** CPU time of the HTTP server's threads (Jetty's pool), where every request is handled end to end. */
    private static long serverThreadsCpu() {
        return threadsCpu("JettyServerThreadPool");
    }

    /** CPU time of the live threads whose name starts with {@code prefix}. */
    private static long threadsCpu(String prefix) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(prefix)) {
                long cpu = mx.getThreadCpuTime(t.getThreadId());
                total += Math.max(cpu, 0);
            }
        }
        return total;
    }

    private static List<L1Signer> signers(int signers) {
        List<L1Signer> keys = new ArrayList<>();
        for (int i = 0; i < signers; i++) {
            BigInteger k = BigInteger.valueOf(0x5eed0000L + i).shiftLeft(128).add(BigInteger.valueOf(i + 1));
            keys.add(new L1Signer(PrivateKey.fromHex(String.format("0x%064x", k)), Network.TESTNET));
        }
        return keys;
    }

    private static List<String> sign(int n, List<L1Signer> keys) {
        int signers = keys.size();
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

    /**
     * One keep-alive HTTP/1.1 connection per client thread, written and read by hand: java.net.http costs more CPU
     * per request than the simulator does, and on 2 shared cores the client's CPU is taken from the server.
     */
    private static final class Conn implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.InputStream in;

        Conn(int port) throws java.io.IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = new java.io.BufferedOutputStream(socket.getOutputStream());
            in = new java.io.BufferedInputStream(socket.getInputStream());
        }

        /** Posts to /exchange; returns "status body". */
        String post(String body) throws java.io.IOException {
            byte[] payload = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(("POST /exchange HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            String status = line();
            int length = 0;
            String header;
            while (!(header = line()).isEmpty()) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            byte[] answer = in.readNBytes(length);
            return status.substring(9, 12) + " " + new String(answer, java.nio.charset.StandardCharsets.UTF_8);
        }

        private String line() throws java.io.IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    private static void run(int port, List<String> bodies, int clients, String label) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long[] latencies = new long[bodies.size()];
        AtomicLong busy = new AtomicLong();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients,
                r -> new Thread(r, "bench-client-" + threadNo.incrementAndGet()));
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long serverStart = serverThreadsCpu();
        long gcStart = gcMillis();
        java.util.Map<String, Long> threadsStart = threadsByName();
        long jitStart = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                try (Conn conn = new Conn(port)) {
                    int i;
                    while ((i = next.getAndIncrement()) < bodies.size()) {
                        long t0 = System.nanoTime();
                        String r = conn.post(bodies.get(i));
                        if (!r.startsWith("200 ") || !r.contains("\"resting\"")) {
                            if (failures.getAndIncrement() < 3) {
                                System.err.println("unexpected answer: " + r);
                            }
                        }
                        latencies[i] = System.nanoTime() - t0;
                        busy.addAndGet(latencies[i]);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuStart;
        long serverCpu = serverThreadsCpu() - serverStart;
        long clientCpu = threadsCpu("bench-client-"); // the pool's threads, new for this run
        long gc = gcMillis() - gcStart;
        java.util.Map<String, Long> threadsEnd = threadsByName();
        long jit = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitStart;
        pool.shutdown();
        long[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        double perSecond = bodies.size() / (elapsed / 1e9);
        System.out.printf("%s: %d signed orders in %.2f s = %.0f orders/s; mean %.2f ms, p50 %.2f ms, p99 %.2f ms; "
                        + "%d clients, %d failures%n", label, bodies.size(), elapsed / 1e9, perSecond,
                busy.get() / 1e6 / bodies.size(), sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, clients, failures.get());
        // On a shared machine wall time depends on the neighbours; CPU per order does not (much). Client and server
        // share this process, so the projection charges the server with the client's work too.
        double cpuPerOrderUs = cpu / 1e3 / bodies.size();
        System.out.printf("%s: process CPU %.0f us per order (client + server) -> %.0f orders/s on 2 dedicated cores"
                + "; load average %.1f%n", label, cpuPerOrderUs, 2e6 / cpuPerOrderUs, os.getSystemLoadAverage());
        double serverUs = serverCpu / 1e3 / bodies.size();
        System.out.printf("%s: server threads' CPU %.0f us per order -> %.0f orders/s on 2 dedicated cores with the "
                + "load generator elsewhere%n", label, serverUs, 2e6 / serverUs);
        double clientUs = clientCpu / 1e3 / bodies.size();
        System.out.printf("%s: where the process CPU went, per order: server threads %.0f us, load generator's threads "
                        + "%.0f us, the rest (GC, JIT, price feed) %.0f us; GC pauses and cycles %d ms in all%n", label,
                serverUs, clientUs, cpuPerOrderUs - serverUs - clientUs, gc);
        // The JVM's own threads (GC, JIT compilers) are not Java threads: whatever the Java threads do not account
        // for is theirs (or a thread's that ended during the run).
        long javaThreads = 0;
        StringBuilder others = new StringBuilder();
        java.util.List<java.util.Map.Entry<String, Long>> deltas = new ArrayList<>();
        for (var e : threadsEnd.entrySet()) {
            long d = e.getValue() - threadsStart.getOrDefault(e.getKey(), 0L);
            javaThreads += d;
            deltas.add(java.util.Map.entry(e.getKey(), d));
        }
        deltas.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (var e : deltas.subList(0, Math.min(5, deltas.size()))) {
            others.append(String.format(" %s %.0f us;", e.getKey(), e.getValue() / 1e3 / bodies.size()));
        }
        System.out.printf("%s: Java threads by name, per order:%s JVM-internal threads (GC, JIT) %.0f us; JIT "
                        + "compiling %d ms, GC %d ms in all%n", label, others, (cpu - javaThreads) / 1e3 / bodies.size(),
                jit, gc);
    }

    /** CPU time of every live Java thread, summed by name with the digits taken out ("bench-client-#"). */
    private static java.util.Map<String, Long> threadsByName() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null) {
                long cpu = Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
                byName.merge(t.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
            }
        }
        return byName;
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
