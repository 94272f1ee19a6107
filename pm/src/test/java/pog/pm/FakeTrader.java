package pog.pm;

import pog.common.auth.ControlToken;
import pog.common.http.HttpService;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A trader that honours the contract and nothing else, run as its own JVM by the tests:
 * {@code --port N --service ID [--venue V] [--account A] [--equity E] [--positions N] [--unprotected]
 * [--protection verified|missing|size_mismatch|pending] [--status ok|degraded|halted|paused] [--paused true|false] [--halt-reason R] [--token T] [--ignore-shutdown]
 * [--fail-file F]}. The token defaults to POG_CONTROL_TOKEN. With {@code --fail-file F}, while F exists the trader
 * acts as a broken one: it prints F's second line as its error (after a start-up line, and followed by a usage hint,
 * as the real CLI does) and exits with the code on F's first line.
 */
public final class FakeTrader {
    private FakeTrader() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        if (a.containsKey("fail-file") && java.nio.file.Files.exists(java.nio.file.Path.of(a.get("fail-file")))) {
            List<String> f = java.nio.file.Files.readAllLines(java.nio.file.Path.of(a.get("fail-file")));
            System.out.println("fake trader " + a.get("service") + " starting");
            System.out.flush();
            System.err.println(f.get(1));
            System.err.println("Try 'pog trader --help' for more information.");
            System.err.flush();
            System.exit(Integer.parseInt(f.get(0).trim()));
        }
        serve(a);
        System.out.println("fake trader " + a.get("service") + " pid " + ProcessHandle.current().pid()
                + " listening on " + a.get("port"));
        Thread.currentThread().join();
    }

    /** Serves one fake trader in this JVM. */
    public static HttpService serve(Map<String, String> a) throws java.io.IOException {
        String service = a.get("service");
        String instance = UUID.randomUUID().toString();
        long pid = ProcessHandle.current().pid();
        long startedAt = System.currentTimeMillis();
        String venue = a.getOrDefault("venue", "sim");
        String account = a.getOrDefault("account", "acct-1");
        BigDecimal equity = new BigDecimal(a.getOrDefault("equity", "1000.50"));
        int n = Integer.parseInt(a.getOrDefault("positions", "1"));
        // --unprotected: no stop at all; --protection: the state each position reports (stop resting unless missing)
        String protection = a.getOrDefault("protection", a.containsKey("unprotected") ? "missing" : "verified");
        boolean unprotected = !protection.equals("verified");
        boolean stopResting = !protection.equals("missing");
        String status = a.getOrDefault("status", "ok");
        String token = a.getOrDefault("token", System.getenv(ControlToken.ENV));
        boolean ignoreShutdown = a.containsKey("ignore-shutdown");
        List<Map<String, Object>> positions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("symbol", i == 0 ? "BTC" : "ETH" + i);
            p.put("side", "long");
            p.put("size", new BigDecimal("0.010"));
            p.put("entryPrice", new BigDecimal("60000.0"));
            p.put("markPrice", new BigDecimal("60100.0"));
            p.put("unrealizedPnl", new BigDecimal("1.00"));
            p.put("stopPrice", stopResting ? new BigDecimal("58000.0") : null);
            p.put("protected", !unprotected);
            p.put("observedAt", System.currentTimeMillis());
            positions.add(p);
        }
        java.util.concurrent.atomic.AtomicReference<HttpService> self = new java.util.concurrent.atomic.AtomicReference<>();
        HttpService started = HttpService.builder().bind("127.0.0.1", Integer.parseInt(a.get("port")))
                .token(token == null ? null : ControlToken.of(token))
                .get("/api/health", r -> {
                    Map<String, Object> check = Map.of("ok", true, "detail", "fine", "observedAt", System.currentTimeMillis());
                    Map<String, Object> h = new LinkedHashMap<>();
                    h.put("service", service);
                    h.put("instance", instance);
                    h.put("pid", pid);
                    h.put("version", "fake");
                    h.put("venue", venue);
                    h.put("account", account);
                    h.put("startedAt", startedAt);
                    h.put("status", status);
                    if (a.containsKey("paused")) {
                        h.put("paused", Boolean.parseBoolean(a.get("paused")));
                    }
                    if (a.containsKey("halt-reason")) {
                        h.put("haltReason", a.get("halt-reason"));
                    }
                    h.put("checks", Map.of("loop", check, "venue", check, "marketData", check, "protection",
                            Map.of("ok", !unprotected, "detail", unprotected ? "position without stop" : "all stopped",
                                    "observedAt", System.currentTimeMillis())));
                    h.put("time", System.currentTimeMillis());
                    return h;
                })
                .get("/api/positions", r -> {
                    synchronized (positions) {
                        List<Map<String, Object>> out = new ArrayList<>();
                        for (Map<String, Object> p : positions) {
                            Map<String, Object> c = new HashMap<>(p);
                            long now = System.currentTimeMillis();
                            c.put("observedAt", now);
                            Map<String, Object> prot = new HashMap<>();
                            prot.put("state", protection);
                            prot.put("stopOrderId", stopResting ? "770" + out.size() : null);
                            prot.put("triggerPrice", stopResting ? new BigDecimal("58000.0") : null);
                            // verified now while covered; a stop too small was covering at the start; none: never
                            Long verifiedAt = protection.equals("verified") ? Long.valueOf(now)
                                    : protection.equals("size_mismatch") ? Long.valueOf(startedAt) : null;
                            prot.put("verifiedAt", verifiedAt);
                            c.put("protection", prot);
                            out.add(c);
                        }
                        return out;
                    }
                })
                .get("/api/account", r -> Map.of("equity", equity, "marginUsed", new BigDecimal("60.1"),
                        "available", equity.subtract(new BigDecimal("60.1")), "observedAt", System.currentTimeMillis()))
                .control("/api/flatten", r -> {
                    synchronized (positions) {
                        positions.clear();
                    }
                    return Map.of("flattened", true);
                })
                .control("/api/pause", r -> Map.of("paused", true))
                .control("/api/resume", r -> Map.of("paused", false))
                .control("/api/shutdown", r -> {
                    // as a real trader does: what it leaves on its venue, read before it goes
                    Map<String, Object> left = new LinkedHashMap<>();
                    synchronized (positions) {
                        List<String> bare = new ArrayList<>();
                        for (Map<String, Object> p : positions) {
                            if (!Boolean.TRUE.equals(p.get("protected"))) {
                                bare.add(p.get("symbol") + " " + p.get("side") + " " + p.get("size") + " with 0 covered by stops");
                            }
                        }
                        left.put("clean", bare.isEmpty());
                        left.put("detail", positions.isEmpty() ? "flat on " + venue
                                : bare.isEmpty() ? positions.size() + " position(s) left on " + venue + ", each with its stop resting"
                                : bare.size() + " of " + positions.size() + " position(s) left on " + venue
                                + " without a full stop: " + String.join("; ", bare));
                        left.put("positions", new ArrayList<>(positions));
                    }
                    if (!ignoreShutdown) {
                        // as a real trader does: the answer leaves first (close waits for requests in flight),
                        // then the process goes; a fixed delay lost the answer on a loaded machine
                        Thread t = new Thread(() -> {
                            HttpService server = self.get();
                            if (server != null) {
                                server.close();
                            }
                            System.exit(0);
                        });
                        t.start();
                    }
                    return Map.of("stopping", true, "leftBehind", left);
                })
                .start();
        self.set(started);
        return started;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                m.put(k, args[++i]);
            } else {
                m.put(k, "true");
            }
        }
        return m;
    }
}
