package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One writer per venue account, on both simulators with real processes: client ids carry the instance epoch on the
 * venue (Hyperliquid cloid, Lighter client order index), so a trader whose journal was lost comes back HELD and
 * sends nothing until an operator takes over; a second trader on an account another trader is writing to exits 4
 * and the first trades on untouched; a kill -9 and a restart never reuse an id.
 *
 * <p>The cases share one simulator per venue (started by the first case that needs it), each case on an account of
 * its own: what one trader does on its account is foreign to no other case, as on the venue.
 */
class AccountOwnershipIT {
    private static final Pattern POG_ID = Pattern.compile("pog-(\\d+)-(\\d+)");
    private static final Map<VenueSim, VenueSim.Simulator> SIMULATORS = new EnumMap<>(VenueSim.class);
    private static final Map<VenueSim, Integer> ACCOUNTS_USED = new EnumMap<>(VenueSim.class);

    @TempDir
    static Path simulators;

    @TempDir
    Path work;

    @AfterAll
    static void stopSimulators() throws InterruptedException {
        for (VenueSim.Simulator s : SIMULATORS.values()) {
            s.close();
        }
        SIMULATORS.clear();
    }

    /** The venue's shared simulator, faults off, and a fresh account on it for this case. */
    private VenueSim.Account freshAccount(VenueSim kind) throws Exception {
        VenueSim.Simulator sim = SIMULATORS.get(kind);
        if (sim == null || !sim.process().isAlive()) {
            sim = kind.start(simulators, "sim-" + kind.name().toLowerCase());
            SIMULATORS.put(kind, sim);
        }
        sim.clearFaults();
        int n = ACCOUNTS_USED.merge(kind, 1, Integer::sum) - 1;
        return kind.account(work, n);
    }

    @ParameterizedTest
    @EnumSource(VenueSim.class)
    void aTraderWhoseJournalWasLostComesBackHeldSendsNothingAndTradesAfterTakeOver(VenueSim kind) throws Exception {
        VenueSim.Account account = freshAccount(kind);
        VenueSim.Simulator sim = SIMULATORS.get(kind);
        Path data = work.resolve("data");
        // 1. a trader trades, and is killed -9 with an order in flight (journaled PENDING, the venue slowed down)
        long first;
        String inFlight;
        try (PogProcess trader = PogProcess.start(work, "trader-1", traderArgs(sim, account, "data"))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
            awaitProtectedPosition(base);
            first = awaitSentOrderOfANewEpoch(base, Set.of());
            faults(sim, 800);
            String[] pending = {null};
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> {
                        for (JsonNode o : Http.get(base + "/api/journal/orders?limit=20").json()) {
                            if (o.path("status").asText().equals("PENDING")) {
                                pending[0] = o.path("clientId").asText();
                                return true;
                            }
                        }
                        return false;
                    });
            trader.kill9();
            inFlight = pending[0];
            faults(sim, 0);
        }
        // 2. restarted with its journal: a new epoch, its own old orders are its own, nothing is reused
        long second;
        try (PogProcess trader = PogProcess.start(work, "trader-2", traderArgs(sim, account, "data"))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
            second = awaitSentOrderOfANewEpoch(base, Set.of(first));
            assertThat(second).isGreaterThan(first);
            // the order in flight was resolved against the venue, never sent again: at most one order has its id
            JsonNode resolved = null;
            for (JsonNode o : Http.get(base + "/api/journal/orders?limit=1000").json()) {
                if (o.path("clientId").asText().equals(inFlight)) {
                    resolved = o;
                }
            }
            assertThat(resolved).as(inFlight).isNotNull();
            assertThat(resolved.path("status").asText()).isNotEqualTo("PENDING");
            Set<String> orderIds = new HashSet<>();
            for (JsonNode f : Http.get(base + "/api/fills?since=0&limit=5000").json()) {
                if (inFlight.equals(f.path("clientId").asText())) {
                    orderIds.add(f.path("orderId").asText());
                }
            }
            assertThat(orderIds).hasSizeLessThanOrEqualTo(1);
            assertThat(health(base).path("checks").path("ownership").path("ok").asBoolean()).isTrue();
            Http.post(base + "/api/pause", PogProcess.TOKEN, null);
            Set<String> ids = new HashSet<>();
            for (JsonNode o : Http.get(base + "/api/journal/orders?limit=1000").json()) {
                Matcher m = POG_ID.matcher(o.path("clientId").asText());
                assertThat(m.matches()).as(o.toString()).isTrue();
                assertThat(Long.parseLong(m.group(1))).isIn(first, second);
                assertThat(ids.add(o.path("clientId").asText())).isTrue();
            }
            trader.kill9();
        }
        String log = Files.readString(data.resolve("trader.log"));
        // a client that finds an order under an id it never sent refuses it: that never happened
        assertThat(log).doesNotContain("event=client_id_reused").doesNotContain("_order_known");

        // 3. the journal is lost: the orders on the venue are of epochs this trader no longer knows
        for (String f : new String[]{"journal.db", "journal.db-wal", "journal.db-shm"}) {
            Files.deleteIfExists(data.resolve(f));
        }
        long logMark = Files.size(data.resolve("trader.log"));
        try (PogProcess trader = PogProcess.start(work, "trader-3", traderArgs(sim, account, "data"))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    "held".equals(health(base).path("status").asText())
                            && Http.get(base + "/api/orders").status() == 200);
            JsonNode ownership = health(base).path("checks").path("ownership");
            assertThat(ownership.path("ok").asBoolean()).isFalse();
            assertThat(ownership.path("detail").asText()).containsAnyOf("epoch " + first, "epoch " + second)
                    .contains("take-over");
            List<String> ordersBefore = orders(base);
            // an observation window of ~20 loop iterations (loopMillis 300): a held trader writes nothing
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);
            assertThat(health(base).path("status").asText()).isEqualTo("held");
            assertThat(orders(base)).isEqualTo(ordersBefore);
            String held = Files.readString(data.resolve("trader.log")).substring((int) logMark);
            assertThat(held).contains("event=account_held").doesNotContain("event=order_sent")
                    .doesNotContain("event=order_cancelled").doesNotContain("event=stop_replaced");
            // taking over is a control action: never without the token
            assertThat(Http.post(base + "/api/take-over", null, null).status()).isEqualTo(401);
            assertThat(health(base).path("status").asText()).isEqualTo("held");
            if (kind == VenueSim.LIGHTER) {
                // the operator takes over through the API, while it runs: it trades at once
                Http.Reply r = Http.post(base + "/api/take-over", PogProcess.TOKEN, null);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().path("adopted")).isNotEmpty();
                long third = awaitSentOrderOfANewEpoch(base, Set.of(first, second));
                assertThat(health(base).path("status").asText()).isNotEqualTo("held");
                second = third; // the epoch the next start must be newer than
            }
            trader.term();
            assertThat(trader.waitFor(Duration.ofSeconds(30))).isZero();
        }

        // 4. Hyperliquid: the operator takes over with --take-over; Lighter, taken over through the API: a plain
        // restart is the owner (the adoption is in the journal). Either way the old orders are its own and it trades
        List<String> args = new ArrayList<>(traderArgs(sim, account, "data"));
        if (kind == VenueSim.HYPERLIQUID) {
            args.add("--take-over");
        }
        try (PogProcess trader = PogProcess.start(work, "trader-4", args)) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
            long fourth = awaitSentOrderOfANewEpoch(base, Set.of(first, second));
            assertThat(fourth).isGreaterThan(second);
            JsonNode h = health(base);
            assertThat(h.path("status").asText()).isNotEqualTo("held");
            assertThat(h.path("checks").path("ownership").path("ok").asBoolean()).isTrue();
            assertThat(Files.readString(data.resolve("trader.log"))).contains("event=taken_over");
            awaitProtectedPosition(base);
            trader.term();
            trader.waitFor(Duration.ofSeconds(30));
        }
    }

    @ParameterizedTest
    @EnumSource(VenueSim.class)
    void aSecondTraderOnTheSameAccountExitsFourAndTheFirstTradesOnUntouched(VenueSim kind) throws Exception {
        VenueSim.Account account = freshAccount(kind);
        VenueSim.Simulator sim = SIMULATORS.get(kind);
        Path dataA = work.resolve("a");
        Path dataB = work.resolve("b");
        try (PogProcess first = PogProcess.start(work, "trader-a", traderArgs(sim, account, "a"))) {
            String baseA = "http://127.0.0.1:" + PogProcess.awaitPort(dataA, first);
            awaitProtectedPosition(baseA);
            long epochA = awaitSentOrderOfANewEpoch(baseA, Set.of());

            try (PogProcess second = PogProcess.start(work, "trader-b", traderArgs(sim, account, "b"))) {
                int code = second.waitFor(Duration.ofSeconds(120));
                long exitedAt = System.currentTimeMillis();
                assertThat(code).as(second.stderr()).isEqualTo(4);
                assertThat(second.stderr() + second.stdout()).contains("held by another trader");
                String logB = Files.readString(dataB.resolve("trader.log"));
                assertThat(logB).contains("event=account_held_by_another_trader epoch=" + epochA)
                        .doesNotContain("event=order_sent").doesNotContain("event=order_cancelled")
                        .doesNotContain("_order_placed");
                Matcher placed = Pattern.compile("placed at (\\d+)").matcher(logB);
                if (placed.find()) {
                    System.out.println("[AccountOwnershipIT] " + kind + ": the second trader exited "
                            + (exitedAt - Long.parseLong(placed.group(1))) + " ms after the first trader's order"
                            + " (as the test saw the exit)");
                }
            }
            // the first trader never saw anything that stopped it, and trades on
            assertThat(first.isAlive()).isTrue();
            JsonNode h = health(baseA);
            assertThat(h.path("status").asText()).isNotEqualTo("held");
            assertThat(h.path("checks").path("ownership").path("ok").asBoolean()).isTrue();
            int before = Http.get(baseA + "/api/journal/orders?limit=1000").json().size();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Http.get(baseA + "/api/journal/orders?limit=1000").json().size() > before);
            awaitProtectedPosition(baseA);
            assertThat(Files.readString(dataA.resolve("trader.log"))).doesNotContain("event=account_held");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Slows the venue's order path down (Hyperliquid: every request; Lighter: sendTx), or back to normal with 0. */
    private static void faults(VenueSim.Simulator sim, long latencyMs) throws Exception {
        sim.faults(sim.venue() == VenueSim.HYPERLIQUID ? "{\"latencyMs\":" + latencyMs + ",\"latencyPath\":null}"
                : sim.venue().holdOrders(latencyMs));
    }

    private List<String> traderArgs(VenueSim.Simulator sim, VenueSim.Account account, String dataDir)
            throws IOException {
        Path file = work.resolve(dataDir + ".yaml");
        Files.writeString(file, """
                service: trader-%s
                port: 0
                dataDir: %s
                loopMillis: 300
                %sstrategy: {symbols: [BTC], barMillis: 300, fastPeriod: 2, slowPeriod: 4, minSpreadBps: 0}
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(sim.venue() == VenueSim.HYPERLIQUID ? "hl" : "lighter", dataDir,
                sim.venue().venueYaml(sim, account)));
        return List.of("trader", "--config", file.toString());
    }

    /** The open orders on the venue as they were placed (id, size, trigger): what a write would change. */
    private static List<String> orders(String base) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode o : Http.get(base + "/api/orders").json()) {
            out.add(o.path("orderId").asText() + " " + o.path("clientId").asText() + " " + o.path("size").asText()
                    + " " + o.path("triggerPrice").asText() + " " + o.path("limitPrice").asText());
        }
        return out;
    }

    private static JsonNode health(String base) throws Exception {
        return Http.get(base + "/api/health").json();
    }

    private static void awaitProtectedPosition(String base) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            Http.Reply r = Http.get(base + "/api/positions");
            return r.status() == 200 && r.json().size() == 1 && r.json().get(0).get("protected").asBoolean();
        });
    }

    /** Waits for an order the venue took (not refused, not unanswered) whose epoch is none of {@code old}. */
    private static long awaitSentOrderOfANewEpoch(String base, Set<Long> old) {
        long[] epoch = {0};
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            for (JsonNode o : Http.get(base + "/api/journal/orders?limit=1000").json()) {
                Matcher m = POG_ID.matcher(o.path("clientId").asText());
                String status = o.path("status").asText();
                if (m.matches() && !old.contains(Long.parseLong(m.group(1))) && !status.equals("REJECTED")
                        && !status.equals("PENDING") && !status.equals("ABANDONED")) {
                    epoch[0] = Long.parseLong(m.group(1));
                    return true;
                }
            }
            return false;
        });
        return epoch[0];
    }
}
