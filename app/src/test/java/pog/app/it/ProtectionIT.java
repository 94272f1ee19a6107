package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pog.hyperliquid.client.HyperliquidSettings;
import pog.hyperliquid.client.HyperliquidVenue;
import pog.lighter.client.LighterSettings;
import pog.lighter.client.LighterVenue;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Venue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every position is born protected, and the venue proves it: a real trader against each real simulator, where the
 * simulator's own ledger ({@code GET /admin/protection}) is the witness. Entries carry their stop from the instant
 * they fill (0 ms unprotected over several entries); a stop cancelled from outside, signed with a key of the account
 * through the venue's real client, is back within 2 s and the venue's gap for it is under 2.5 s; and a trader killed
 * with SIGKILL while its entry is in flight (the simulator holds the request) leaves a position whose stop the venue
 * already holds.
 */
class ProtectionIT {
    private static final String HL_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final String HL_ADDRESS = "0x14791697260e4c9a71f18484c9f997b308e59325";
    private static final long LIGHTER_ACCOUNT = 7;

    @TempDir
    Path work;

    /** What differs between the two venues; everything the test asserts is the same for both. */
    enum Sim {
        HYPERLIQUID, LIGHTER;

        List<String> args(int port) {
            List<String> a = new ArrayList<>(List.of("exchange-sim", "--venue", name().toLowerCase(), "--port",
                    Integer.toString(port), "--data-dir", "sim", "--admin"));
            if (this == HYPERLIQUID) {
                // the outsider below shares the trader's IP here; at the venue it would have its own 1200 a minute
                a.addAll(List.of("--fund", HL_ADDRESS, "--ip-weight-per-minute", "2400"));
            }
            return a;
        }

        boolean ready(String sim) throws Exception {
            return this == HYPERLIQUID ? Http.postJson(sim + "/info", "{\"type\":\"meta\"}").json().has("universe")
                    : Http.get(sim + "/api/v1/orderBooks").status() == 200;
        }

        /** The account as the simulator's ledger names it. */
        String account() {
            return this == HYPERLIQUID ? HL_ADDRESS : Long.toString(LIGHTER_ACCOUNT);
        }

        void writeKey(Path work) throws IOException {
            if (this == HYPERLIQUID) {
                Path key = work.resolve("venue.key");
                Files.writeString(key, HL_KEY + "\n");
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } else {
                PrivateKey.generateToFile(work.resolve("venue.key"), new SecureRandom());
                PrivateKey.generateToFile(work.resolve("outsider.key"), new SecureRandom());
            }
        }

        String venueYaml(int port) {
            return this == HYPERLIQUID ? """
                    venue:
                      type: hyperliquid
                      baseUrl: http://127.0.0.1:%d
                      testnet: true
                      keyFile: venue.key
                    """.formatted(port) : """
                    venue:
                      type: lighter
                      baseUrl: http://127.0.0.1:%d
                      accountIndex: %d
                      keyFile: venue.key
                      registerApiKey: true
                    """.formatted(port, LIGHTER_ACCOUNT);
        }

        /**
         * The venue's real client on the same account, as a person at the venue's UI would be: Hyperliquid signs with
         * the account's own key; Lighter's UI signs with an API key of its own, so this client registers one in
         * another slot (3) of the same account.
         */
        Venue outsider(int port, Path work) {
            String base = "http://127.0.0.1:" + port;
            if (this == HYPERLIQUID) {
                return HyperliquidVenue.open(new HyperliquidSettings(base, true, work.resolve("venue.key"), null, null,
                        null, work.resolve("outsider-nonce"), null, null, null, null, null, null, null, null, null,
                        null), Map.of(), Clock.systemUTC());
            }
            return LighterVenue.open(new LighterSettings(base, null, null, LIGHTER_ACCOUNT, 3,
                    work.resolve("outsider.key"), null, work.resolve("outsider"), true, null, null, null, null, null,
                    null, null, null, null), Map.of(), Clock.systemUTC());
        }

        /**
         * How long the simulator holds each order request while the entry is to be caught in flight: below the
         * clients' 5 s timeout, and long enough for two thread dumps. Only order requests wait (the fault's
         * {@code latencyPath}), so the trader's reads stay quick, as they would on a venue slow to match.
         */
        long inFlightMs() {
            return 4_000;
        }

        /** The frame of the trader's venue writer that means the order request itself is out. */
        String sendingFrame() {
            return this == HYPERLIQUID ? "pog.hyperliquid.client.HyperliquidRest.exchange" : "pog.lighter.client.LighterRest.post";
        }

        /** Holds every order request (Hyperliquid: POST /exchange; Lighter: sendTx) for ms. */
        String latency(long ms) {
            return "{\"latencyMs\":" + ms + ",\"latencyPath\":\"" + (this == HYPERLIQUID ? "/exchange" : "sendTx") + "\"}";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path traderConfig(Sim venue, int simPort) throws IOException {
        Path file = work.resolve("trader.yaml");
        // a strategy that flips on almost every bar: many entries in a few seconds, each with its stop attached
        Files.writeString(file, """
                service: trader-protection
                port: 0
                dataDir: data
                loopMillis: 1000
                %sstrategy: {symbols: [BTC], barMillis: 300, fastPeriod: 2, slowPeriod: 4, minSpreadBps: 0}
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(venue.venueYaml(simPort)));
        return file;
    }

    private static JsonNode ledger(String sim, String account) throws Exception {
        Http.Reply r = Http.get(sim + "/admin/protection");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode a : r.json()) {
            if (a.path("account").asText().equals(account)) {
                return a;
            }
        }
        throw new AssertionError("no account " + account + " in the ledger: " + r.body());
    }

    private static List<JsonNode> events(String trader, String kind) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : Http.get(trader + "/api/events?limit=1000").json()) {
            if (e.path("kind").asText().equals(kind)) {
                out.add(e);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Sim.class)
    void everyPositionIsBornProtectedAndTheVenueSaysSo(Sim venue) throws Exception {
        try {
            run(venue);
        } catch (AssertionError | RuntimeException e) {
            // the processes' own words, which the temporary directory takes with it
            throw new AssertionError(e.getMessage() + "\n--- trader.log (end)\n" + tail(work.resolve("data/trader.log"))
                    + "\n--- sim (end)\n" + tail(work.resolve("sim.out")) + tail(work.resolve("sim.err")), e);
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private void run(Sim venue) throws Exception {
        venue.writeKey(work);
        int simPort = freePort();
        String sim = "http://127.0.0.1:" + simPort;
        Path data = work.resolve("data");
        try (PogProcess simulator = PogProcess.start(work, "sim", venue.args(simPort))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> venue.ready(sim));
            try (PogProcess trader = PogProcess.start(work, "trader",
                    List.of("trader", "--config", traderConfig(venue, simPort).toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);

                // 1. several entries, each with its stop from the instant it filled
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> events(base, "entry").size() >= 3);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    JsonNode p = Http.get(base + "/api/positions").json();
                    return p.size() == 1 && p.get(0).path("protection").path("state").asText().equals("verified");
                });
                Http.post(base + "/api/pause", PogProcess.TOKEN, null); // the position stays, and stays protected
                JsonNode born = ledger(sim, venue.account());
                assertThat(born.path("unprotectedMsTotal").asLong()).as("ledger after %d entries: %s",
                        events(base, "entry").size(), born).isZero();
                assertThat(born.path("intervals")).as(born.toString()).isEmpty();
                assertThat(born.path("unprotectedNow").asBoolean()).isFalse();
                String log = Files.readString(data.resolve("trader.log"));
                assertThat(log).doesNotContain("event=entry_refused").doesNotContain("event=protected_entry_fallback");

                // 2. the stop is cancelled from outside, signed for the account: back within 2 s, as the venue saw it
                JsonNode stop = null;
                for (JsonNode o : Http.get(base + "/api/orders").json()) {
                    if (o.path("type").asText().equals("STOP_MARKET") && o.path("status").asText().equals("OPEN")) {
                        stop = o;
                    }
                }
                assertThat(stop).as("the trader's resting stop").isNotNull();
                String symbol = stop.path("symbol").asText();
                Venue outsider = venue.outsider(simPort, work);
                try {
                    long cancelledAt = System.currentTimeMillis();
                    assertThat(outsider.cancel(symbol, stop.path("clientId").asText())).isTrue();
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                            .until(() -> !events(base, "stop_replaced").isEmpty());
                    JsonNode replaced = events(base, "stop_replaced").get(0);
                    assertThat(replaced.path("time").asLong() - cancelledAt).as("journaled: %s", replaced)
                            .isLessThanOrEqualTo(2_000);
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                            .until(() -> ledger(sim, venue.account()).path("intervals").size() == 1
                                    && !ledger(sim, venue.account()).path("intervals").get(0).path("toMs").isNull());
                    JsonNode gap = ledger(sim, venue.account()).path("intervals").get(0);
                    assertThat(gap.path("symbol").asText()).isEqualTo(symbol);
                    assertThat(gap.path("fromMs").asLong()).isGreaterThanOrEqualTo(cancelledAt - 50);
                    assertThat(gap.path("ms").asLong()).as("the venue's gap: %s", gap).isLessThan(2_500);
                    long gapsBefore = ledger(sim, venue.account()).path("unprotectedMsTotal").asLong();

                    // 3. SIGKILL while the entry is in flight: the venue opens the position with its stop already there
                    assertThat(Http.postJson(sim + "/admin/faults", venue.latency(venue.inFlightMs())).status()).isEqualTo(200);
                    long resumedAt = System.currentTimeMillis();
                    Http.post(base + "/api/resume", PogProcess.TOKEN, null);
                    // both intents are journaled before the one request goes out: an ENTRY and its STOP, unanswered
                    JsonNode[] inFlight = new JsonNode[2];
                    // an entry answered before the dumps are taken is let go: the next one is caught instead
                    await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(25)).until(() -> {
                        JsonNode entry = null;
                        JsonNode attached = null;
                        for (JsonNode o : Http.get(base + "/api/journal/orders?limit=20").json()) {
                            boolean fresh = o.path("createdAt").asLong() >= resumedAt
                                    && o.path("status").asText().equals("PENDING");
                            if (fresh && o.path("purpose").asText().equals("ENTRY")) {
                                entry = o;
                            } else if (fresh && o.path("purpose").asText().equals("STOP")) {
                                attached = o;
                            }
                        }
                        inFlight[0] = entry;
                        inFlight[1] = attached;
                        // journaled is not yet sent: in flight means the trader's venue writer waits inside
                        // placeWithStop for the venue's answer, and the simulator holds a request it has received
                        if (entry == null || attached == null
                                || attached.path("createdAt").asLong() != entry.path("createdAt").asLong()) {
                            return false;
                        }
                        String loop = writerThread(threads(trader.pid()));
                        return loop.contains("placeWithStop") && loop.contains(venue.sendingFrame())
                                && threads(simulator.pid()).contains("pog.sim.Faults.admit");
                    });
                    trader.kill9();
                    long killedAt = System.currentTimeMillis();
                    assertThat(Http.postJson(sim + "/admin/faults", venue.latency(0)).status()).isEqualTo(200);
                    JsonNode entry = inFlight[0];
                    JsonNode attached = inFlight[1];
                    BigDecimal size = new BigDecimal(entry.path("size").asText());
                    BigDecimal trigger = new BigDecimal(attached.path("triggerPrice").asText());
                    boolean buy = entry.path("side").asText().equals("BUY");

                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                            .until(() -> {
                                Position p = position(outsider, symbol);
                                return p != null && p.isLong() == buy && p.size().abs().compareTo(size) == 0;
                            });
                    List<Order> resting = outsider.openOrders();
                    assertThat(resting).as("the stop sent with the entry rests on the venue").anySatisfy(o -> {
                        assertThat(o.type()).isEqualTo(OrderType.STOP_MARKET);
                        assertThat(o.reduceOnly()).isTrue();
                        assertThat(o.symbol()).isEqualTo(symbol);
                        assertThat(o.side().name()).isEqualTo(buy ? "SELL" : "BUY");
                        assertThat(o.triggerPrice()).isEqualByComparingTo(trigger);
                        assertThat(o.size()).isEqualByComparingTo(size);
                    });
                    JsonNode after = ledger(sim, venue.account());
                    assertThat(after.path("unprotectedNow").asBoolean()).as(after.toString()).isFalse();
                    assertThat(after.path("unprotectedMsTotal").asLong()).as("no gap since the kill at %d: %s",
                            killedAt, after).isEqualTo(gapsBefore);
                } finally {
                    outsider.close();
                }
            }
        }
    }

    /** The process's thread dump, as {@code jcmd PID Thread.print} gives it (empty if it cannot be had). */
    private static String threads(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), "Thread.print")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    }

    /**
     * The venue writer's stack in a thread dump (the decision thread never waits on the venue; order requests run on
     * {@code venue-write}): from its header line to the blank line that ends it.
     */
    private static String writerThread(String dump) {
        int from = dump.indexOf("\"venue-write\"");
        if (from < 0) {
            return "";
        }
        int to = dump.indexOf("\n\n", from);
        return dump.substring(from, to < 0 ? dump.length() : to);
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
