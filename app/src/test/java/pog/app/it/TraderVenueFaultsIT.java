package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pog.common.json.Json;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Venue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real trader against each real simulator turning slow and flaky through its {@code /admin/faults} (1,500 ms per
 * request, 30 % HTTP 5xx), the simulator's own exposure ledger ({@code GET /admin/protection}) the witness:
 * <ol>
 *     <li>for at least 20 s, and until the trader has sent an order through the faults (the test turns the
 *     strategy's trend by moving the mark): it answers every health poll within PM's timeout, its decision loop
 *     stays fresh ({@code checks.loop.ageMs} under 2 s), its status is ok or degraded (never halted or held), it
 *     says the venue is degraded and that it is alive, it journals no client id twice and the venue filled none under
 *     two orders, and the ledger never saw a position unprotected (0 ms);</li>
 *     <li>the venue then holds each order request 4 s ({@code latencyPath}; 5xx off, so the request caught is certain
 *     to be handled): the trader is killed -9 with an entry in flight (journaled, its venue writer inside
 *     placeWithStop with the request out, the simulator holding it). The position the venue opens has the entry's
 *     size and side and the stop sent with it (reduce-only, trigger and size as journaled); the ledger's total
 *     stays 0 ms;</li>
 *     <li>restarted under the 1,500 ms / 30 % faults, the trader logs {@code startup: protected 1 positions in M ms},
 *     starts a new, higher epoch, resolves the order that was in flight against the venue (never PENDING, never
 *     sent again: no client id journaled twice, none filled under two venue orders, no {@code client_id_reused}),
 *     is not held by its own past, and the ledger still says 0 ms.</li>
 * </ol>
 */
class TraderVenueFaultsIT {
    /** PM's default health timeout. */
    private static final Duration PM_TIMEOUT = Duration.ofMillis(800);
    private static final String FAULTS = "{\"latencyMs\":1500,\"errorRate5xx\":0.3,\"latencyPath\":null}";
    private static final Pattern POG_ID = Pattern.compile("pog-(\\d+)-(\\d+)");
    private static final Pattern STARTUP = Pattern.compile("startup: protected (\\d+) positions in (\\d+) ms");

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(VenueSim.class)
    void aSlowFailingVenueIsTheVenuesFaultTheTraderStaysAliveAndProtectedAndAKillMidOrderLosesNothing(VenueSim venue)
            throws Exception {
        try {
            run(venue);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- trader.log (end)\n"
                    + VenueSim.tail(work.resolve("data/trader.log"), 80) + "\n--- sim (end)\n"
                    + VenueSim.tail(work.resolve("sim.err"), 40), e);
        }
    }

    private Path traderConfig(VenueSim venue, VenueSim.Simulator sim, VenueSim.Account account) throws Exception {
        Path file = work.resolve("trader.yaml");
        // a strategy that flips on almost every bar: entries keep coming while the venue misbehaves
        Files.writeString(file, """
                service: trader-faults
                port: 0
                dataDir: data
                loopMillis: 300
                %sstrategy: {symbols: [BTC], barMillis: 300, fastPeriod: 2, slowPeriod: 4, minSpreadBps: 0}
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(venue.venueYaml(sim, account)));
        return file;
    }

    private void run(VenueSim venue) throws Exception {
        Path data = work.resolve("data");
        try (VenueSim.Simulator sim = venue.start(work, "sim")) {
            VenueSim.Account account = venue.account(work, 0);
            List<String> args = List.of("trader", "--config", traderConfig(venue, sim, account).toString());
            JsonNode[] inFlight = new JsonNode[2];
            long firstEpoch;
            String symbol;
            Mark mark;
            try (PogProcess trader = PogProcess.start(work, "trader-1", args)) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                JsonNode opened = awaitProtectedPosition(base, Duration.ofSeconds(90));
                symbol = opened.path("symbol").asText();
                mark = new Mark(venue, sim, symbol, opened);
                firstEpoch = epoch(base);

                // 1. slow and flaky: the venue's fault, the trader alive, fresh, and protecting; the trend is turned
                // by moving the mark until the trader sends an order through the faults
                sim.faults(FAULTS);
                long faultsOn = System.currentTimeMillis();
                Sampler sampler = new Sampler(base);
                Thread sampling = new Thread(sampler, "health-sampler");
                sampling.start();
                try {
                    // (under these faults a trader acts on a turn once a snapshot of the venue got through: ~1 min)
                    mark.wiggleUntil(() -> ordersSince(base, faultsOn) >= 1, Duration.ofSeconds(150));
                    long left = Duration.ofSeconds(20).toMillis() - (System.currentTimeMillis() - faultsOn);
                    if (left > 0) {
                        Thread.sleep(left); // 20 s of polls at least, whatever the turns took: a window, not a wait
                    }
                } finally {
                    sampler.stop = true;
                    sampling.join();
                }
                int orders = ordersSince(base, faultsOn);
                System.out.printf("[TraderVenueFaultsIT] %s: checks.loop.ageMs over %d polls (%d s) under faults: "
                                + "p50 %d, p99 %d, max %d ms; %d orders journaled meanwhile%n", venue,
                        sampler.loopAges.size(), (System.currentTimeMillis() - faultsOn) / 1000,
                        sampler.percentile(50), sampler.percentile(99), sampler.percentile(100), orders);
                assertThat(orders).as("orders the trader sent through the faults").isPositive();
                assertThat(sampler.unanswered).as("health polls PM would have read as no answer").isZero();
                assertThat(sampler.loopAges).isNotEmpty().allSatisfy(age -> assertThat(age).isBetween(0L, 2_000L));
                assertThat(sampler.statuses).as("a venue's faults neither halt nor hold the trader")
                        .isSubsetOf("ok", "degraded");
                assertThat(sampler.loopOk).as("the loop's own check stays ok").isTrue();
                assertThat(sampler.venueDetails).as("the venue is the one to blame, and the trader says it is alive")
                        .anySatisfy(d -> assertThat(d).contains("the trader is alive and keeps protecting"));
                JsonNode ledger = sim.ledger(account);
                assertThat(ledger.path("unprotectedMsTotal").asLong()).as("the venue's ledger: %s", ledger).isZero();
                assertThat(ledger.path("intervals")).as(ledger.toString()).isEmpty();
                assertThat(ledger.path("unprotectedNow").asBoolean()).isFalse();
                assertNoOrderTwice(base);

                // 2. the venue holds each order request 4 s (no 5xx now, so the one caught in flight is certain to
                // be handled: its outcome is known), reads quick: the trend turns, the position is closed, it turns
                // back, and the trader is killed -9 with the entry in flight
                sim.faults("{\"errorRate5xx\":0}");
                sim.faults(venue.holdOrders(4_000));
                // each turn of the trend is an order (an exit, or an entry when flat); an entry answered before the
                // dumps are taken is let go, and the trend turned again for the next
                boolean caught = false;
                long deadline = System.currentTimeMillis() + 180_000;
                while (!caught && System.currentTimeMillis() < deadline) {
                    long heldFrom = System.currentTimeMillis();
                    mark.wiggle();
                    caught = catchEntryInFlight(venue, sim, trader, base, heldFrom, inFlight);
                }
                assertThat(caught).as("an entry caught in flight, the venue holding its request").isTrue();
                trader.kill9();
            }
            // the held request is the simulator's to finish: once it is answered (to nobody), the venue is as the
            // kill left it, and the trader comes back to that
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !VenueSim.threads(sim.process().pid()).contains(VenueSim.SIM_HOLDING_FRAME));
            JsonNode entry = inFlight[0];
            JsonNode attached = inFlight[1];
            String inFlightId = entry.path("clientId").asText();
            BigDecimal size = new BigDecimal(entry.path("size").asText());
            BigDecimal trigger = new BigDecimal(attached.path("triggerPrice").asText());
            boolean buy = entry.path("side").asText().equals("BUY");
            sim.clearFaults();
            try (Venue outsider = venue.outsider(sim, account, work)) {
                Position p;
                try {
                    p = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                            .ignoreExceptions().until(() -> position(outsider, symbol), java.util.Objects::nonNull);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("no position after the entry in flight " + entry + "; the venue says "
                            + sim.accountState(account), e);
                }
                assertThat(p.isLong()).as("the entry in flight opened the position: %s", p).isEqualTo(buy);
                assertThat(p.size().abs()).isEqualByComparingTo(size);
                List<Order> resting = outsider.openOrders();
                assertThat(resting).as("the stop sent with the entry rests on the venue").anySatisfy(o -> {
                    assertThat(o.type()).isEqualTo(OrderType.STOP_MARKET);
                    assertThat(o.reduceOnly()).isTrue();
                    assertThat(o.symbol()).isEqualTo(symbol);
                    assertThat(o.side().name()).isEqualTo(buy ? "SELL" : "BUY");
                    assertThat(o.triggerPrice()).isEqualByComparingTo(trigger);
                    assertThat(o.size()).isEqualByComparingTo(size);
                });
            }
            JsonNode afterKill = sim.ledger(account);
            assertThat(afterKill.path("unprotectedNow").asBoolean()).as(afterKill.toString()).isFalse();
            assertThat(afterKill.path("unprotectedMsTotal").asLong()).as(afterKill.toString()).isZero();

            // 3. restarted under the same faults: protection first, a new epoch, no id reused
            sim.faults(FAULTS);
            long logMark = Files.size(data.resolve("trader.log"));
            try (PogProcess trader = PogProcess.start(work, "trader-2", args)) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                Matcher startup = STARTUP.matcher("");
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    startup.reset(Files.readString(data.resolve("trader.log")).substring((int) logMark));
                    return startup.find();
                });
                assertThat(Integer.parseInt(startup.group(1))).as(startup.group()).isEqualTo(1);
                System.out.printf("[TraderVenueFaultsIT] %s: after the kill, under faults: %s%n", venue,
                        startup.group());
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> {
                            for (JsonNode o : Http.get(base + "/api/journal/orders?limit=1000").json()) {
                                if (o.path("clientId").asText().equals(inFlightId)) {
                                    return !o.path("status").asText().equals("PENDING");
                                }
                            }
                            throw new AssertionError("the order in flight " + inFlightId + " left the journal");
                        });
                // a new instance epoch: every id it sends is new, whatever its journal holds
                assertThat(epochs(data)).as("the epochs the two instances started").hasSize(2)
                        .satisfies(e -> assertThat(e.get(1)).isGreaterThan(e.get(0)));
                assertThat(epochs(data).get(0)).isEqualTo(firstEpoch);
                assertNoOrderTwice(base);
                JsonNode ledger = sim.ledger(account);
                assertThat(ledger.path("unprotectedMsTotal").asLong()).as("the venue's ledger after the restart: %s",
                        ledger).isZero();
                assertThat(ledger.path("unprotectedNow").asBoolean()).isFalse();
                trader.kill9();
            }
            String log = Files.readString(data.resolve("trader.log"));
            assertThat(log).doesNotContain("event=client_id_reused").doesNotContain("_order_known")
                    .doesNotContain("event=account_held");
        }
    }

    /**
     * The simulator's mark, moved by the test ({@code jump}) when it needs the trader to send an order: it alternates
     * between 0.3 % above and 0.3 % below where it first was, and each jump turns the strategy's two- and four-bar
     * averages (minSpreadBps 0), so the trader closes a position the trend turned against or, flat, enters. A position
     * entered at one level has its stop (1 % away) beyond the other. The mark walks on its own in between; what a turn
     * did is asserted by what the trader does, not by the price.
     */
    private static final class Mark {
        private final VenueSim venue;
        private final VenueSim.Simulator sim;
        private final String symbol;
        private final BigDecimal center;
        private int jumps;

        Mark(VenueSim venue, VenueSim.Simulator sim, String symbol, JsonNode position) {
            this.venue = venue;
            this.sim = sim;
            this.symbol = symbol;
            JsonNode m = position.hasNonNull("markPrice") ? position.get("markPrice") : position.get("entryPrice");
            this.center = new BigDecimal(m.asText());
        }

        /** Moves the mark to the other level: the trend turns. */
        void wiggle() throws Exception {
            jumps++;
            BigDecimal price = center.multiply(new BigDecimal(jumps % 2 == 1 ? "1.003" : "0.997"))
                    .setScale(0, java.math.RoundingMode.HALF_UP);
            sim.faults(venue.jump(symbol, price));
        }

        /** Turns the trend every 5 s (an order answered through the faults takes a few) until {@code done}. */
        void wiggleUntil(java.util.concurrent.Callable<Boolean> done, Duration atMost) throws Exception {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!done.call()) {
                assertThat(System.nanoTime()).as("what %d turns of the trend should have made the trader do", jumps)
                        .isLessThan(deadline);
                wiggle();
                try {
                    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                            .until(done);
                } catch (org.awaitility.core.ConditionTimeoutException notYet) {
                    // turn it again
                }
            }
        }
    }

    /** The epochs the trader's instances started, in order, from its log ({@code event=epoch_started epoch=N}). */
    private static List<Long> epochs(Path data) throws Exception {
        List<Long> out = new ArrayList<>();
        Matcher m = Pattern.compile("event=epoch_started epoch=(\\d+)").matcher(Files.readString(data.resolve("trader.log")));
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    private static int ordersSince(String base, long since) throws Exception {
        int n = 0;
        for (JsonNode o : Http.get(base + "/api/journal/orders?limit=200").json()) {
            n += o.path("createdAt").asLong() >= since ? 1 : 0;
        }
        return n;
    }

    /**
     * Waits (while that entry is unanswered) until an entry journaled after {@code since} is in flight: journaled
     * PENDING with its attached stop, the trader's venue writer inside placeWithStop with the request out, and the
     * simulator holding a request. False when the entry was answered first.
     */
    private static boolean catchEntryInFlight(VenueSim venue, VenueSim.Simulator sim, PogProcess trader, String base,
                                              long since, JsonNode[] inFlight) {
        try {
            await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(25))
                    .ignoreExceptionsMatching(e -> !(e instanceof EntryAnswered)).until(() -> {
                        JsonNode entry = null;
                        JsonNode attached = null;
                        boolean answered = false;
                        for (JsonNode o : Http.get(base + "/api/journal/orders?limit=20").json()) {
                            if (o.path("createdAt").asLong() < since || !o.path("purpose").asText().equals("ENTRY")
                                    && !o.path("purpose").asText().equals("STOP")) {
                                continue;
                            }
                            boolean pending = o.path("status").asText().equals("PENDING");
                            if (o.path("purpose").asText().equals("ENTRY")) {
                                entry = pending ? o : null;
                                answered |= !pending;
                            } else if (pending) {
                                attached = o;
                            }
                        }
                        if (answered && entry == null) {
                            throw new EntryAnswered();
                        }
                        inFlight[0] = entry;
                        inFlight[1] = attached;
                        if (entry == null || attached == null
                                || attached.path("createdAt").asLong() != entry.path("createdAt").asLong()) {
                            return false;
                        }
                        // journaled is not yet sent: the writer waits inside placeWithStop, the venue holds it
                        String writer = VenueSim.writerThread(VenueSim.threads(trader.pid()));
                        return writer.contains("placeWithStop") && writer.contains(venue.sendingFrame())
                                && VenueSim.threads(sim.process().pid()).contains(VenueSim.SIM_HOLDING_FRAME);
                    });
            return true;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof EntryAnswered || t instanceof org.awaitility.core.ConditionTimeoutException) {
                    return false;
                }
            }
            throw e;
        }
    }

    /** The entry awaited in flight was answered before it could be caught. */
    private static final class EntryAnswered extends RuntimeException {
        EntryAnswered() {
            super(null, null, false, false);
        }
    }

    private static JsonNode awaitProtectedPosition(String base, Duration atMost) {
        JsonNode[] position = {null};
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            JsonNode p = Http.get(base + "/api/positions").json();
            position[0] = p.isArray() && p.size() == 1 ? p.get(0) : null;
            return position[0] != null && position[0].get("protected").asBoolean();
        });
        return position[0];
    }

    /** Polls {@code /api/health} as PM does (its timeout) every 100 ms until stopped, and keeps what it saw. */
    private static final class Sampler implements Runnable {
        final List<Long> loopAges = new ArrayList<>();
        final Set<String> venueDetails = new HashSet<>();
        final Set<String> statuses = new HashSet<>();
        boolean loopOk = true;
        int unanswered;
        volatile boolean stop;
        private final String base;
        private volatile Exception failure;

        Sampler(String base) {
            this.base = base;
        }

        @Override
        public void run() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(PM_TIMEOUT).build();
            try {
                while (!stop) {
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/health"))
                                .timeout(PM_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
                        JsonNode h = Json.mapper().readTree(r.body());
                        statuses.add(h.path("status").asText());
                        JsonNode loop = h.path("checks").path("loop");
                        loopAges.add(loop.path("ageMs").asLong(-1));
                        loopOk &= loop.path("ok").asBoolean();
                        JsonNode v = h.path("checks").path("venue");
                        if (!v.path("ok").asBoolean()) {
                            venueDetails.add(v.path("detail").asText());
                        }
                    } catch (java.net.http.HttpTimeoutException e) {
                        unanswered++;
                    }
                    Thread.sleep(100); // the sampling period, not a wait for an outcome
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        /** The nearest-rank percentile of the loop ages. */
        long percentile(int p) {
            if (failure != null) {
                throw new AssertionError("the health sampler failed", failure);
            }
            List<Long> sorted = new ArrayList<>(loopAges);
            sorted.sort(null);
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
    }

    /**
     * Every order the journal holds has its own client id of the pog form, and the venue filled each client id under
     * at most one venue order: a 5xx'd or unanswered request was never sent again as a second order.
     */
    private static void assertNoOrderTwice(String base) throws Exception {
        Set<String> ids = new HashSet<>();
        for (JsonNode o : Http.get(base + "/api/journal/orders?limit=5000").json()) {
            String id = o.path("clientId").asText();
            assertThat(POG_ID.matcher(id).matches()).as(o.toString()).isTrue();
            assertThat(ids.add(id)).as("client id %s journaled twice", id).isTrue();
        }
        Map<String, Set<String>> venueOrders = new HashMap<>();
        for (JsonNode f : Http.get(base + "/api/fills?since=0&limit=5000").json()) {
            venueOrders.computeIfAbsent(f.path("clientId").asText(), k -> new HashSet<>())
                    .add(f.path("orderId").asText());
        }
        venueOrders.forEach((id, orders) -> assertThat(orders).as("venue orders filled under %s", id)
                .hasSizeLessThanOrEqualTo(1));
    }

    /** The newest epoch among the orders the journal holds as taken by the venue (0: none yet). */
    private static long epoch(String base) throws Exception {
        long newest = 0;
        for (JsonNode o : Http.get(base + "/api/journal/orders?limit=1000").json()) {
            Matcher m = POG_ID.matcher(o.path("clientId").asText());
            String status = o.path("status").asText();
            if (m.matches() && !status.equals("REJECTED") && !status.equals("PENDING")
                    && !status.equals("ABANDONED")) {
                newest = Math.max(newest, Long.parseLong(m.group(1)));
            }
        }
        return newest;
    }

    private static Position position(Venue venue, String symbol) {
        for (Position p : venue.positions()) {
            if (p.symbol().equals(symbol) && p.size().signum() != 0) {
                return p;
            }
        }
        return null;
    }
}
