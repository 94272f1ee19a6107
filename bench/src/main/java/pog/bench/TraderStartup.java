package pog.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trader cold start and memory, measured from outside as PM sees it: spawn {@code java -jar pog.jar trader}, poll
 * {@code /api/health} every 2 ms, and record the first 200 and the first {@code "status":"ok"} (reconciled, loop
 * running, market data in). Then let one trader trade and read its RSS from /proc.
 *
 * <p>Run: {@code scripts/bench-trader.sh [runs] [trade-seconds]}. Arguments: jar, runs, trade seconds, JVM options.
 */
public final class TraderStartup {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        int tradeSeconds = Integer.parseInt(args[2]);
        List<String> jvm = args.length > 3 && !args[3].isBlank() ? List.of(args[3].trim().split("\\s+")) : List.of();
        Path work = Files.createTempDirectory("pog-startup");
        int port = LocalApi.freePort();
        Path config = work.resolve("trader.yaml");
        Files.writeString(config, """
                service: trader-bench
                port: %d
                dataDir: %s
                controlTokenFile: %s
                venue: {type: paper, seed: 42}
                strategy: {symbols: [BTC, ETH, SOL]}
                """.formatted(port, work.resolve("data"), work.resolve("control.token")));
        long[] first200 = new long[runs];
        long[] firstOk = new long[runs];
        for (int i = 0; i < runs; i++) {
            deleteRecursively(work.resolve("data"));
            long t0 = System.nanoTime();
            Process p = start(jar, jvm, config, work);
            try {
                long got200 = -1;
                while (true) {
                    String body = health(port);
                    if (body != null && got200 < 0) {
                        got200 = System.nanoTime() - t0;
                    }
                    if (body != null && body.contains("\"status\":\"ok\"")) {
                        firstOk[i] = System.nanoTime() - t0;
                        break;
                    }
                    if (!p.isAlive()) {
                        throw new IllegalStateException("trader exited " + p.exitValue() + ": "
                                + Files.readString(work.resolve("trader.out")));
                    }
                    Thread.sleep(2);
                }
                first200[i] = got200;
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
        System.out.println("cold start to first 200 /api/health: " + stats(first200));
        System.out.println("cold start to status ok:             " + stats(firstOk));
        if (tradeSeconds > 0) {
            deleteRecursively(work.resolve("data"));
            Process p = start(jar, jvm, config, work);
            try {
                Thread.sleep(tradeSeconds * 1000L);
                String positions = get(port, "/api/positions");
                long count = positions == null ? 0 : positions.split("\"symbol\"", -1).length - 1;
                List<String> status = Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"));
                System.out.println("after " + tradeSeconds + " s of trading: " + field(status, "VmRSS") + " RSS, peak "
                        + field(status, "VmHWM") + ", open positions " + count);
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
        deleteRecursively(work);
    }

    private static Process start(Path jar, List<String> jvm, Path config, Path work) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString(), "trader", "--config", config.toString()));
        return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(work.resolve("trader.out").toFile())).start();
    }

    private static String health(int port) {
        return get(port, "/api/health");
    }

    private static String get(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> (Long.parseLong(l.replaceAll("\\D", "")) / 1024) + " MiB").orElse("?");
    }

    private static String stats(long[] nanos) {
        long[] ms = Arrays.stream(nanos).map(n -> n / 1_000_000).sorted().toArray();
        return String.format("median %d ms, min %d ms, max %d ms (n=%d)", ms[(ms.length - 1) / 2], ms[0],
                ms[ms.length - 1], ms.length);
    }


    private static void deleteRecursively(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private TraderStartup() {
    }
}
