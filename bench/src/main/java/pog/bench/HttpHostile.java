package pog.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How {@code pog.common.http.HttpService} holds up against hostile and careless clients on the same machine:
 * start-up (spawn to first 200, RSS) of a minimal service ({@link HttpHostileService}, its own process), then the
 * latency of {@code GET /api/health} (a new connection per request, as PM's monitor and a load balancer probe do)
 * without load, and again while N slowloris connections (headers dripped one byte every 2 s) and M idle SSE clients
 * (connected, never reading) are held open. Loopback only; every count and wait is bounded; it stops by itself.
 *
 * <p>Run: {@code scripts/bench-http-hostile.sh [slowloris=200] [sse=70] [samples=300] [startup-runs=5]}.
 * Nothing is asserted; docs/http.md records the figures.
 */
public final class HttpHostile {
    private static final int SAMPLE_TIMEOUT_MS = 2_000;
    private static final long PHASE_LIMIT_MS = 60_000;

    public static void main(String[] args) throws Exception {
        int slowloris = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int sse = args.length > 1 ? Integer.parseInt(args[1]) : 70;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int startupRuns = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        List<String> jvm = args.length > 4 && !args[4].isBlank() ? List.of(args[4].trim().split("\\s+")) : List.of();
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cpus, load average "
                + loadAverage());

        long[] first200 = new long[startupRuns];
        long[] rss = new long[startupRuns];
        long[] cpu = new long[startupRuns];
        for (int i = 0; i < startupRuns; i++) {
            int port = LocalApi.freePort();
            long t0 = System.nanoTime();
            Process p = spawn(jvm, port);
            try {
                while (status(port, "/api/health") != 200) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the bench service exited with " + p.exitValue());
                    }
                    if (System.nanoTime() - t0 > 30_000_000_000L) {
                        throw new IllegalStateException("the bench service did not answer within 30 s");
                    }
                    Thread.sleep(2);
                }
                first200[i] = (System.nanoTime() - t0) / 1_000_000;
                rss[i] = kib(p.pid(), "VmRSS") / 1024;
                cpu[i] = cpuMillis(p.pid());
            } finally {
                stop(p);
            }
        }
        System.out.println("start-up, spawn to first 200 /api/health: " + summary(first200, "ms"));
        System.out.println("CPU time of the service at its first 200: " + summary(cpu, "ms")
                + " (steadier than wall time on a shared machine)");
        System.out.println("RSS right after the first 200:            " + summary(rss, "MiB"));

        int port = LocalApi.freePort();
        Process p = spawn(jvm, port);
        List<Socket> held = new ArrayList<>();
        AtomicBoolean dripping = new AtomicBoolean(true);
        AtomicInteger closedByServer = new AtomicInteger();
        try {
            long t0 = System.nanoTime();
            while (status(port, "/api/health") != 200 && System.nanoTime() - t0 < 30_000_000_000L) {
                Thread.sleep(5);
            }
            System.out.println("GET /api/health, no load:           " + sample(port, samples));

            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < slowloris; i++) {
                Socket s = open(port);
                if (s != null) {
                    write(s, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
                    slow.add(s);
                }
            }
            held.addAll(slow);
            long opened = System.nanoTime();
            Thread drip = new Thread(() -> {
                while (dripping.get()) {
                    for (Socket s : slow) {
                        if (!s.isClosed() && !write(s, "a")) {
                            closedByServer.incrementAndGet();
                            close(s);
                        }
                    }
                    sleep(2_000);
                }
            }, "drip");
            drip.setDaemon(true);
            drip.start();
            int sseOpen = 0;
            for (int i = 0; i < sse; i++) {
                Socket s = open(port);
                if (s != null && write(s, "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")) {
                    held.add(s);
                    sseOpen++;
                }
            }
            sleep(1_000);
            System.out.println("load: " + slow.size() + " slowloris + " + sseOpen + " idle SSE connections opened"
                    + " (load average " + loadAverage() + ")");
            System.out.println("GET /api/health, under that load:   " + sample(port, samples));
            System.out.println("service RSS under that load " + kib(p.pid(), "VmRSS") / 1024 + " MiB, peak "
                    + kib(p.pid(), "VmHWM") / 1024 + " MiB; slowloris connections closed by the server so far: "
                    + closedByServer.get());
            // the header timeout (10 s by default) should close every slowloris connection; wait a bounded time
            long waitUntil = System.currentTimeMillis() + 25_000;
            while (closedByServer.get() < slow.size() && System.currentTimeMillis() < waitUntil) {
                sleep(500);
            }
            System.out.println("slowloris connections closed by the server within " + (System.nanoTime() - opened)
                    / 1_000_000_000 + " s of opening: " + closedByServer.get() + " of " + slow.size());
        } finally {
            dripping.set(false);
            held.forEach(HttpHostile::close);
            stop(p);
        }
    }

    /** {@code samples} sequential requests, each on its own connection; a failure is no 200 within the bound. */
    private static String sample(int port, int samples) {
        long[] ok = new long[samples];
        int n = 0;
        int failed = 0;
        long deadline = System.currentTimeMillis() + PHASE_LIMIT_MS;
        int tried = 0;
        for (; tried < samples && System.currentTimeMillis() < deadline; tried++) {
            long t0 = System.nanoTime();
            if (status(port, "/api/health") == 200) {
                ok[n++] = (System.nanoTime() - t0) / 1_000;
            } else {
                failed++;
            }
            sleep(10);
        }
        long[] us = Arrays.copyOf(ok, n);
        Arrays.sort(us);
        String failures = failed + " of " + tried + " failed (no 200 within " + SAMPLE_TIMEOUT_MS + " ms)";
        if (n == 0) {
            return "no answer at all; " + failures;
        }
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %s", pct(us, 50), pct(us, 90),
                pct(us, 99), us[n - 1] / 1000.0, failures);
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    /** The status of one GET on a fresh connection, or -1 when none arrived within the bound. */
    private static int status(int port, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), SAMPLE_TIMEOUT_MS);
            s.setSoTimeout(SAMPLE_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            String head = new String(all, 0, Math.min(all.length, 16), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static Socket open(int port) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), SAMPLE_TIMEOUT_MS);
            return s;
        } catch (IOException e) {
            close(s);
            return null;
        }
    }

    private static boolean write(Socket s, String text) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private static Process spawn(List<String> jvm, int port) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HttpHostileService.class.getName(),
                String.valueOf(port)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void stop(Process p) throws InterruptedException {
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // it is being stopped anyway
        }
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private static long kib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms), or -1. */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String summary(long[] values, String unit) {
        long[] v = values.clone();
        Arrays.sort(v);
        return String.format("median %d %s, min %d, max %d (n=%d)", v[(v.length - 1) / 2], unit, v[0],
                v[v.length - 1], v.length);
    }


    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpHostile() {
    }
}
