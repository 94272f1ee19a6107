package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failover proof. The demo system (PM and two paper traders that trade every few hundred milliseconds) runs under
 * {@code pog watchdog}, and the drill:
 * <ol>
 *   <li>kills PM with SIGKILL {@code pog.drill.pmKills} times (default 20) at random moments, some of them while the
 *   replacement PM is still starting: no trader dies, no trader pid changes, every new PM adopts every trader and
 *   its event stream comes back;</li>
 *   <li>stops PM with SIGTERM, SIGINT and SIGHUP: the same, and PM stops gracefully each time;</li>
 *   <li>kills each trader with SIGKILL: PM restarts it, it reconciles, every position has exactly one stop, no order
 *   was sent twice;</li>
 *   <li>puts a foreign HTTP server, then a silent listener, on a stopped trader's port: CONFLICT, nothing adopted,
 *   no second copy, also across a PM restart.</li>
 * </ol>
 * Randomness is seeded ({@code pog.drill.seed}). It writes {@code target/failover-report.json} and {@code .md} and
 * fails on any violation. Every process it led to is ended afterwards, whatever happened.
 */
class FailoverDrillIT {
    private static final long SEED = Long.getLong("pog.drill.seed", 20261128L);
    private static final int PM_KILLS = Integer.getInteger("pog.drill.pmKills", 20);
    /** Generous: the machine may be loaded, and a JVM start is most of every recovery. */
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(25);

    @TempDir
    Path work;

    private DrillSystem system;
    private DrillReport report;
    private final Random random = new Random(SEED);
    /** Trader pids that must stay alive; a sentinel checks them every 100 ms. */
    private final Map<String, Long> watched = new ConcurrentHashMap<>();
    private final Map<String, String> instances = new HashMap<>();
    private final Map<String, Set<Long>> pidsSeen = new LinkedHashMap<>();
    private final ScheduledExecutorService sentinel = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drill-sentinel");
        t.setDaemon(true);
        return t;
    });
    private long pmPid;
    private int killNo;

    @AfterEach
    void reap() throws Exception {
        sentinel.shutdownNow();
        if (system != null) {
            system.reap();
        }
    }

    @Test
    void tradersOutliveEveryPmDeathAndPmComesBackAndAdoptsThemEveryTime() throws Exception {
        system = DrillSystem.write(work, "trader-a", "trader-b");
        report = new DrillReport(SEED, PM_KILLS);
        try {
            bringUp();
            pmKilledAtRandomMoments();
            pmStoppedBySignals();
            tradersKilledAndRestartedByPm();
            foreignListenerOnAStoppedTradersPort();
            finalChecks();
        } catch (Throwable e) {
            report.error(e);
            Path logs = Path.of("target", "failover-drill-logs");
            system.keepLogs(logs);
            System.err.println("failover drill failed; its logs are in " + logs.toAbsolutePath());
            throw e;
        } finally {
            report.write(Path.of("target", "failover-report.json"), Path.of("target", "failover-report.md"));
        }
        assertThat(report.violations()).as("violations (see target/failover-report.md)").isEmpty();
    }

    // ---- phases ----

    private void bringUp() throws Exception {
        system.startWatchdog("--interval-ms", "1000");
        await("PM started by the watchdog, both traders started by PM and healthy").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    assertWatchdogAlive();
                    return system.services().map(s -> s.size() == system.traders.size() && s.values().stream()
                            .allMatch(v -> v.path("state").asText().equals("HEALTHY"))).orElse(false);
                });
        pmPid = system.pmPid().orElseThrow();
        Map<String, JsonNode> services = system.services().orElseThrow();
        for (DrillSystem.Trader t : system.traders.values()) {
            long pid = services.get(t.id()).get("pid").asLong();
            watched.put(t.id(), pid);
            pidsSeen.computeIfAbsent(t.id(), k -> new java.util.LinkedHashSet<>()).add(pid);
            instances.put(t.id(), health(t).get("instance").asText());
            report.traders.put(t.id(), new LinkedHashMap<>(Map.of("ordersJournaledAtStart", journal(t).size())));
        }
        await("positions opened").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
            for (DrillSystem.Trader t : system.traders.values()) {
                if (Http.get(t.url() + "/api/positions").json().size() > 0) {
                    return true;
                }
            }
            return false;
        });
        sentinel.scheduleWithFixedDelay(() -> watched.forEach((id, pid) -> {
            if (!alive(pid)) {
                report.violation(id + " (pid " + pid + ") died");
                watched.remove(id, pid);
            }
        }), 0, 100, TimeUnit.MILLISECONDS);
    }

    private void pmKilledAtRandomMoments() throws Exception {
        for (int i = 0; i < PM_KILLS; i++) {
            long delay = random.nextInt(1000);
            // a random moment while the traders trade: a deliberate pause, not a wait for something
            Thread.sleep(delay);
            boolean duringStart = random.nextInt(4) == 0;
            long before = pmPid;
            long t0 = System.nanoTime();
            ProcessHandle.of(before).ifPresent(ProcessHandle::destroyForcibly);
            Set<Long> dead = new HashSet<>(Set.of(before));
            Long startupKill = null;
            Long startupDelay = null;
            if (duringStart) {
                // and its replacement too, at a random moment of its own start-up
                ProcessHandle next = awaitNewPmProcess(dead);
                startupDelay = (long) random.nextInt(800);
                Thread.sleep(startupDelay);
                next.destroyForcibly();
                dead.add(next.pid());
                startupKill = next.pid();
            }
            recover(before, dead, "KILL", startupKill, startupDelay, t0, delay);
        }
    }

    private void pmStoppedBySignals() throws Exception {
        for (String signal : List.of("TERM", "INT", "HUP")) {
            // PM installs its handlers right after start-up: a signal in that first instant gets the JVM's default
            long delay = 200 + random.nextInt(800);
            Thread.sleep(delay);
            long before = pmPid;
            if (ignores(before, signal)) {
                signal(before, signal);
                report.notes.add("SIG" + signal + ": PM pid " + before + " ignores it, inherited (SIG_IGN survives exec:"
                        + " a background job of a non-interactive shell ignores SIGINT, nohup SIGHUP), so it cannot stop"
                        + " PM in this run; sent anyway");
                if (!system.pmPid().equals(Optional.of(before))) {
                    report.violation("PM pid " + before + " stopped answering after an ignored SIG" + signal);
                }
                continue;
            }
            long stops = DrillSystem.count(system.pmData.resolve("pm.log"), "event=pm_stopped");
            long t0 = System.nanoTime();
            signal(before, signal);
            await("PM exits on SIG" + signal).atMost(Duration.ofSeconds(30)).pollInterval(POLL)
                    .until(() -> !alive(before));
            if (DrillSystem.count(system.pmData.resolve("pm.log"), "event=pm_stopped") <= stops) {
                report.violation("PM pid " + before + " did not stop gracefully on SIG" + signal);
            }
            recover(before, Set.of(before), signal, null, null, t0, delay);
        }
    }

    private void tradersKilledAndRestartedByPm() throws Exception {
        for (DrillSystem.Trader t : system.traders.values()) {
            long old = watched.remove(t.id());
            long reconciled = DrillSystem.count(t.log(), "event=reconciled");
            int restarts = system.services().orElseThrow().get(t.id()).path("restarts").asInt();
            long t0 = System.nanoTime();
            ProcessHandle.of(old).ifPresent(ProcessHandle::destroyForcibly);
            long[] fresh = new long[1];
            await(t.id() + " restarted by PM, reconciled and healthy").atMost(RECOVERY).pollInterval(POLL).until(() -> {
                JsonNode s = system.services().map(m -> m.get(t.id())).orElse(null);
                if (s == null || !s.path("state").asText().equals("HEALTHY") || s.path("pid").asLong() == old) {
                    return false;
                }
                fresh[0] = s.path("pid").asLong();
                return alive(fresh[0]) && DrillSystem.count(t.log(), "event=reconciled") > reconciled;
            });
            long recoveredMs = (System.nanoTime() - t0) / 1_000_000;
            JsonNode s = system.services().orElseThrow().get(t.id());
            if (s.path("restarts").asInt() <= restarts) {
                report.violation(t.id() + ": PM's restart count did not grow (" + s.path("restarts") + ")");
            }
            if (!s.path("origin").asText().equals("started")) {
                report.violation(t.id() + ": origin after PM's restart is " + s.path("origin") + ", not started");
            }
            oneProcess(t);
            int[] counts = protectedWithExactlyOneStopEach(t);
            int journaled = noOrderSentTwice(t);
            watched.put(t.id(), fresh[0]);
            pidsSeen.get(t.id()).add(fresh[0]);
            instances.put(t.id(), health(t).get("instance").asText());
            report.traderKills.add(new DrillReport.TraderKill(t.id(), old, fresh[0], recoveredMs,
                    s.path("restarts").asInt(), DrillSystem.count(t.log(), "event=reconciled"), counts[0], counts[1],
                    journaled));
        }
    }

    private void foreignListenerOnAStoppedTradersPort() throws Exception {
        DrillSystem.Trader t = new ArrayList<>(system.traders.values()).get(system.traders.size() - 1);
        long pid = watched.remove(t.id());
        Http.Reply stop = Http.post(system.pmUrl + "/api/services/" + t.id() + "/stop", PogProcess.TOKEN,
                "{\"flatten\": false}");
        assertThat(stop.status()).as("stop through PM: %s", stop.body()).isEqualTo(200);
        await(t.id() + " stopped").atMost(Duration.ofSeconds(60)).pollInterval(POLL).until(() -> !alive(pid)
                && system.processesOf(t).isEmpty());
        report.conflict.put("trader", t.id());

        HttpServer intruder = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), t.port()), 0);
        intruder.createContext("/", x -> {
            byte[] b = "{\"service\":\"intruder\",\"instance\":\"not-a-trader\",\"pid\":1}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        intruder.start();
        try {
            // an explicit start finds the intruder: refused, nothing started
            Http.Reply start = Http.post(system.pmUrl + "/api/services/" + t.id() + "/start", PogProcess.TOKEN, "");
            report.conflict.put("explicitStartWithHttpIntruder", start.status() + " " + start.body());
            if (start.status() != 409) {
                report.violation("start with an intruder on " + t.id() + "'s port answered " + start.status());
            }
            awaitState(t, "CONFLICT");
            noSecondCopy(t);

            // PM killed and brought back by the watchdog: at start-up it finds the intruder, adopts the other trader only
            long before = pmPid;
            long t0 = System.nanoTime();
            ProcessHandle.of(before).ifPresent(ProcessHandle::destroyForcibly);
            await("PM back with " + t.id() + " in CONFLICT").atMost(RECOVERY).pollInterval(POLL).until(() -> {
                Optional<Long> now = system.pmPid();
                if (now.isEmpty() || now.get() == before) {
                    return false;
                }
                Map<String, JsonNode> s = system.services().orElse(Map.of());
                return s.size() == system.traders.size() && s.entrySet().stream().allMatch(e -> e.getKey().equals(t.id())
                        ? e.getValue().path("state").asText().equals("CONFLICT")
                        : e.getValue().path("state").asText().equals("HEALTHY")
                        && e.getValue().path("origin").asText().equals("adopted"));
            });
            pmPid = system.pmPid().orElseThrow();
            report.conflict.put("pmRestartToConflictMs", (System.nanoTime() - t0) / 1_000_000);
            JsonNode view = system.services().orElseThrow().get(t.id());
            report.conflict.put("stateAfterPmRestart", view.path("state").asText() + " (" + view.path("detail").asText() + ")");
            if (view.path("origin").asText().equals("adopted")) {
                report.violation(t.id() + " with an intruder on its port was adopted");
            }
            // PM goes on checking it: still a conflict and still nothing started, several checks later
            long checkedAt = view.path("lastCheckAt").asLong();
            await("PM re-checked " + t.id() + " twice").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> system.services().map(m -> m.get(t.id()).path("lastCheckAt").asLong() > checkedAt + 1000)
                            .orElse(false));
            awaitState(t, "CONFLICT");
            noSecondCopy(t);
        } finally {
            intruder.stop(0);
        }

        // a listener that accepts and never answers: the port is held, still a conflict
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", t.port()), 50);
            Http.Reply start = Http.post(system.pmUrl + "/api/services/" + t.id() + "/start", PogProcess.TOKEN, "");
            report.conflict.put("explicitStartWithSilentListener", start.status() + " " + start.body());
            if (start.status() != 409) {
                report.violation("start with a silent listener on " + t.id() + "'s port answered " + start.status());
            }
            awaitState(t, "CONFLICT");
            noSecondCopy(t);
        }

        // the port is free again: an explicit start brings it back, one copy
        Http.Reply start = Http.post(system.pmUrl + "/api/services/" + t.id() + "/start", PogProcess.TOKEN, "");
        report.conflict.put("explicitStartOnceFree", start.status() + " " + start.body());
        await(t.id() + " back after the intruder left").atMost(RECOVERY).pollInterval(POLL).until(() ->
                system.services().map(m -> m.get(t.id()).path("state").asText().equals("HEALTHY")).orElse(false));
        oneProcess(t);
        long fresh = system.services().orElseThrow().get(t.id()).get("pid").asLong();
        watched.put(t.id(), fresh);
        pidsSeen.get(t.id()).add(fresh);
        protectedWithExactlyOneStopEach(t);
        noOrderSentTwice(t);
    }

    private void finalChecks() throws Exception {
        if (system.pmProcesses().size() != 1) {
            report.violation("PM processes at the end: " + system.pmProcesses().size());
        }
        long trading = 0;
        for (DrillSystem.Trader t : system.traders.values()) {
            oneProcess(t);
            int orders = journal(t).size();
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) report.traders.get(t.id());
            m.put("ordersJournaledAtEnd", orders);
            m.put("pids", pidsSeen.get(t.id()));
            m.put("positionsAtEnd", Http.get(t.url() + "/api/positions").json().size());
            trading += orders - ((Number) m.get("ordersJournaledAtStart")).longValue();
        }
        if (trading <= 0) {
            report.violation("the traders sent no orders during the drill: it proved nothing about trading through it");
        }
        assertWatchdogAlive();
    }

    // ---- recovery and checks ----

    /**
     * After PM {@code before} went away: waits until a new PM serves with every trader adopted and healthy under the
     * same pid, then checks its event stream and that every trader is the same process as before.
     */
    private void recover(long before, Set<Long> dead, String signal, Long startupKill, Long startupDelay, long t0,
                         long delay) throws Exception {
        // the dashboard's view: a fresh stream connection gets a heartbeat again, measured from the kill
        java.util.concurrent.CompletableFuture<Long> stream = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            while (System.nanoTime() < deadline) {
                if (dead.stream().noneMatch(FailoverDrillIT::alive)
                        && SseProbe.receives(system.pmUrl + "/api/stream", "heartbeat", Duration.ofSeconds(5))) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return null;
                }
            }
            return null;
        });
        String[] seen = {"nothing yet"};
        try {
            await("PM back after SIG" + signal + " #" + (killNo + 1) + ", every trader adopted").atMost(RECOVERY)
                    .pollInterval(POLL).until(() -> {
                        Optional<Long> now = system.pmPid();
                        Map<String, JsonNode> s = system.services().orElse(Map.of());
                        seen[0] = "PM pid " + now.orElse(null) + ", PM processes "
                                + system.pmProcesses().stream().map(ProcessHandle::pid).toList() + ", services "
                                + s.values().stream().map(v -> v.path("id").asText() + "=" + v.path("state").asText()
                                + "/" + v.path("origin").asText() + "/pid " + v.path("pid").asText() + " ("
                                + v.path("detail").asText() + ")").toList();
                        if (now.isEmpty() || dead.contains(now.get())) {
                            return false;
                        }
                        return s.size() == system.traders.size() && s.values().stream().allMatch(v ->
                                v.path("origin").asText().equals("adopted") && v.path("state").asText().equals("HEALTHY"));
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("PM did not come back with every trader adopted within " + RECOVERY
                    + " after SIG" + signal + " of pid " + before + "; last seen: " + seen[0], e);
        }
        long blind = (System.nanoTime() - t0) / 1_000_000;
        pmPid = system.pmPid().orElseThrow();
        Long streamMs = stream.get(RECOVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (streamMs == null) {
            report.violation("PM pid " + pmPid + ": no heartbeat on /api/stream after SIG" + signal);
        }
        Map<String, JsonNode> services = system.services().orElseThrow();
        for (DrillSystem.Trader t : system.traders.values()) {
            long expected = watched.getOrDefault(t.id(), -1L);
            long reported = services.get(t.id()).path("pid").asLong();
            if (reported != expected) {
                report.violation(t.id() + ": pid " + expected + " became " + reported + " after PM SIG" + signal);
            }
            String instance = health(t).path("instance").asText();
            if (!instance.equals(instances.get(t.id()))) {
                report.violation(t.id() + ": instance changed after PM SIG" + signal);
            }
            oneProcess(t);
        }
        if (system.pmProcesses().size() != 1) {
            report.violation("after SIG" + signal + ": " + system.pmProcesses().size() + " PM processes");
        }
        report.pmKills.add(new DrillReport.PmKill(++killNo, signal, before, pmPid, report.elapsedMs(), delay,
                startupKill, startupDelay, blind, streamMs));
        System.out.printf("failover drill: #%d SIG%s PM %d -> %d%s: every trader adopted after %d ms, stream after %s ms%n",
                killNo, signal, before, pmPid, startupKill == null ? "" : " (its replacement " + startupKill
                        + " killed while starting)", blind, streamMs);
    }

    /** Every position protected, and exactly one full-size reduce-only stop per position, in a steady snapshot. */
    private int[] protectedWithExactlyOneStopEach(DrillSystem.Trader t) {
        int[] counts = new int[2];
        String[] last = new String[1];
        try {
            await(t.id() + ": every position protected by exactly one stop").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                        JsonNode positions = Http.get(t.url() + "/api/positions").json();
                        JsonNode orders = Http.get(t.url() + "/api/orders").json();
                        JsonNode again = Http.get(t.url() + "/api/positions").json();
                        if (!sameSizes(positions, again)) {
                            return false;
                        }
                        last[0] = stopProblem(positions, orders);
                        counts[0] = positions.size();
                        counts[1] = 0;
                        for (JsonNode o : orders) {
                            counts[1] += o.path("type").asText().equals("STOP_MARKET") ? 1 : 0;
                        }
                        return last[0] == null;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            report.violation(t.id() + ": " + last[0]);
        }
        return counts;
    }

    private static boolean sameSizes(JsonNode a, JsonNode b) {
        Map<String, BigDecimal> x = new HashMap<>();
        Map<String, BigDecimal> y = new HashMap<>();
        a.forEach(p -> x.put(p.get("symbol").asText() + p.get("side").asText(), Http.decimal(p.get("size")).stripTrailingZeros()));
        b.forEach(p -> y.put(p.get("symbol").asText() + p.get("side").asText(), Http.decimal(p.get("size")).stripTrailingZeros()));
        return x.equals(y);
    }

    private static String stopProblem(JsonNode positions, JsonNode orders) {
        for (JsonNode p : positions) {
            String symbol = p.get("symbol").asText();
            if (!p.get("protected").asBoolean()) {
                return symbol + " position is not protected";
            }
            int stops = 0;
            for (JsonNode o : orders) {
                if (o.get("symbol").asText().equals(symbol) && o.get("type").asText().equals("STOP_MARKET")) {
                    stops++;
                    if (!o.get("reduceOnly").asBoolean()
                            || Http.decimal(o.get("size")).compareTo(Http.decimal(p.get("size"))) != 0) {
                        return symbol + " stop is not a full-size reduce-only stop: " + o;
                    }
                }
            }
            if (stops != 1) {
                return symbol + " position has " + stops + " stops";
            }
        }
        return null;
    }

    /** Client ids are unique in the journal and on the venue, and every order resting on the venue is journaled. */
    private int noOrderSentTwice(DrillSystem.Trader t) throws Exception {
        // the venue first: an order is journaled before it is sent, so every order seen now is in a journal read later
        JsonNode resting = Http.get(t.url() + "/api/orders").json();
        JsonNode journal = journal(t);
        Set<String> ids = new HashSet<>();
        for (JsonNode o : journal) {
            if (!ids.add(o.get("clientId").asText())) {
                report.violation(t.id() + ": client id " + o.get("clientId").asText() + " journaled twice");
            }
        }
        Set<String> open = new HashSet<>();
        for (JsonNode o : resting) {
            String id = o.path("clientId").asText();
            if (!open.add(id)) {
                report.violation(t.id() + ": client id " + id + " rests on the venue twice");
            }
            if (!ids.contains(id) && journal.size() < 1000) {
                report.violation(t.id() + ": order " + id + " rests on the venue but is not in the journal");
            }
        }
        return journal.size();
    }

    private void oneProcess(DrillSystem.Trader t) {
        int n = system.processesOf(t).size();
        if (n != 1) {
            report.violation(t.id() + ": " + n + " processes run its config");
        }
    }

    private void noSecondCopy(DrillSystem.Trader t) {
        List<ProcessHandle> copies = system.processesOf(t);
        if (!copies.isEmpty()) {
            report.violation(t.id() + ": started although its port is held (pids "
                    + copies.stream().map(ProcessHandle::pid).toList() + ")");
        }
    }

    private void awaitState(DrillSystem.Trader t, String state) {
        try {
            await(t.id() + " " + state).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    system.services().map(m -> m.get(t.id()).path("state").asText().equals(state)).orElse(false));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            report.violation(t.id() + ": state is " + system.services().map(m -> m.get(t.id()).path("state").asText())
                    .orElse("?") + ", expected " + state);
        }
    }

    private ProcessHandle awaitNewPmProcess(Set<Long> dead) {
        ProcessHandle[] found = new ProcessHandle[1];
        await("the watchdog launches a new PM").atMost(RECOVERY).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (ProcessHandle p : system.pmProcesses()) {
                if (!dead.contains(p.pid())) {
                    found[0] = p;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private void assertWatchdogAlive() {
        PogProcess w = system.watchdog();
        assertThat(w.isAlive()).as("watchdog alive; its output: %s %s", w.stdout(), w.stderr()).isTrue();
    }

    private static JsonNode health(DrillSystem.Trader t) throws Exception {
        return Http.get(t.url() + "/api/health").json();
    }

    private static JsonNode journal(DrillSystem.Trader t) throws Exception {
        return Http.get(t.url() + "/api/journal/orders?limit=1000").json();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether the process ignores the signal ({@code SigIgn} in /proc; the JVM never handles an inherited SIG_IGN). */
    private static boolean ignores(long pid, String signal) throws IOException {
        int number = Map.of("HUP", 1, "INT", 2, "TERM", 15).get(signal);
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -s " + signal + " " + pid + " failed");
        }
    }
}
