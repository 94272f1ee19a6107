package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Python example strategy trades on the simulated Hyperliquid exchange through trader-hl, all real processes:
 * every position it opens rests protected on the venue; its process killed (and broken for a while), the trader
 * keeps the position protected, opens nothing, shows {@code checks.strategy} down with the child's last error line
 * and restarts it with backoff once it can run again. On the simulated Lighter exchange through trader-lighter it
 * hears the venue's market feeds: the top of book, funding, and bars built from the market's public trades.
 */
class StrategyProcessIT {
    private static final String KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final String ADDRESS = "0x14791697260e4c9a71f18484c9f997b308e59325";
    private static final Path EXAMPLE = Path.of("..", "examples", "strategies", "python", "ema_cross.py")
            .toAbsolutePath().normalize();

    @TempDir
    Path work;


    private void wrapper(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private static JsonNode info(int simPort, String body) throws Exception {
        Http.Reply r = Http.postJson("http://127.0.0.1:" + simPort + "/info", body);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private static long entries(String base) throws Exception {
        long n = 0;
        for (JsonNode o : Http.get(base + "/api/journal/orders?limit=1000").json()) {
            if (o.path("purpose").asText().equals("ENTRY")) {
                n++;
            }
        }
        return n;
    }

    private static java.util.Set<String> types(Path events) throws IOException {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (Files.exists(events)) {
            for (String line : Files.readAllLines(events)) {
                out.add(pog.common.json.Json.mapper().readTree(line).path("type").asText());
            }
        }
        return out;
    }

    private static int count(Path log, String text) throws IOException {
        Matcher m = Pattern.compile(Pattern.quote(text)).matcher(Files.readString(log));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aPythonStrategyTradesProtectedAndItsDeathOpensNothing() throws Exception {
        Path key = work.resolve("hl.key");
        Files.writeString(key, KEY + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path strategy = work.resolve("strategy.sh");
        Path events = work.resolve("events.jsonl");
        String runs = "exec python3 " + EXAMPLE + " --fast 2 --slow 4 --min-spread-bps 0 --events " + events;
        wrapper(strategy, runs);
        int simPort = Ports.free();
        Path data = work.resolve("data");
        Path config = work.resolve("trader.yaml");
        Files.writeString(config, """
                service: trader-hl
                port: 0
                dataDir: data
                loopMillis: 300
                venue:
                  type: hyperliquid
                  baseUrl: http://127.0.0.1:%d
                  testnet: true
                  keyFile: hl.key
                strategy: {type: process, command: [%s], symbols: [BTC], barMillis: 300, answerMillis: 5000}
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(simPort, strategy));
        try (PogProcess sim = PogProcess.start(work, "sim", List.of("exchange-sim", "--venue", "hyperliquid",
                "--port", Integer.toString(simPort), "--data-dir", "sim", "--admin", "--fund", ADDRESS));
             PogProcess trader = PogProcess.start(work, "trader", List.of("trader", "--config", config.toString()))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> info(simPort, "{\"type\":\"meta\"}").has("universe"));
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);

            // the strategy trades, and what it opens is protected on the venue itself (both read together: the
            // strategy may flip the position, its stop with it, between two later reads)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode p = Http.get(base + "/api/positions").json();
                if (p.size() != 1 || !p.get(0).get("protected").asBoolean()) {
                    return false;
                }
                for (JsonNode o : info(simPort, "{\"type\":\"frontendOpenOrders\",\"user\":\"" + ADDRESS + "\"}")) {
                    if (o.get("isTrigger").asBoolean() && o.get("reduceOnly").asBoolean()) {
                        return true;
                    }
                }
                return false;
            });
            JsonNode health = Http.get(base + "/api/health").json();
            assertThat(health.at("/checks/strategy/ok").asBoolean()).isTrue();
            // protocol v2 over the venue's real feeds: the simulator's bbo and activeAssetCtx, and its own fill
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> types(events).containsAll(List.of("book", "funding", "fill", "risk")));
            List<String> lines = Files.readAllLines(events);
            // every line but the last is whole (the child may be writing the last one now)
            for (String line : lines.subList(0, lines.size() - 1)) {
                JsonNode m = pog.common.json.Json.mapper().readTree(line);
                if (m.path("type").asText().equals("book")) {
                    assertThat(m.path("symbol").asText()).isEqualTo("BTC");
                    assertThat(new java.math.BigDecimal(m.path("bid").asText()))
                            .isLessThan(new java.math.BigDecimal(m.path("ask").asText()));
                } else if (m.path("type").asText().equals("fill")) {
                    assertThat(m.path("purpose").asText()).isEqualTo("entry");
                }
            }
            assertThat(health.path("strategy").asText()).startsWith("process ");

            // the strategy dies and cannot come back for a while
            wrapper(strategy, "echo 'broken: No module named torch' >&2\nexit 1");
            ProcessHandle child = ProcessHandle.of(trader.pid()).orElseThrow().descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains("ema_cross.py")).findFirst().orElseThrow();
            child.destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(base + "/api/health").json()
                    .at("/checks/strategy/detail").asText().startsWith("down: broken: No module named torch"));
            JsonNode down = Http.get(base + "/api/health").json();
            assertThat(down.at("/checks/strategy/ok").asBoolean()).isFalse();
            assertThat(down.path("status").asText()).isEqualTo("degraded");
            long entriesWhenDown = entries(base);
            Path log = data.resolve("trader.log");
            int downs = count(log, "event=strategy_down");
            // three more failed restarts (backoff 2 + 4 + 8 s): all that time nothing opens, the position stays covered
            await().atMost(Duration.ofSeconds(60)).until(() -> count(log, "event=strategy_down") >= downs + 2);
            assertThat(entries(base)).isEqualTo(entriesWhenDown);
            for (JsonNode p : Http.get(base + "/api/positions").json()) {
                assertThat(p.get("protected").asBoolean()).as(p.toString()).isTrue();
            }

            // it can run again: the trader restarts it on its own
            wrapper(strategy, runs);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Http.get(base + "/api/health").json().at("/checks/strategy/ok").asBoolean());
            assertThat(count(log, "event=strategy_started")).isGreaterThanOrEqualTo(2);
            assertThat(trader.isAlive()).isTrue();
        }
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        if (Files.exists(file)) {
            List<String> all = Files.readAllLines(file);
            // every line but the last is whole (the child may be writing the last one now)
            for (String line : all.subList(0, Math.max(0, all.size() - 1))) {
                out.add(pog.common.json.Json.mapper().readTree(line));
            }
        }
        return out;
    }

    @Test
    void onLighterThePythonStrategyHearsTheBookFundingAndBarsOfThePublicTape() throws Exception {
        VenueSim.Account account = VenueSim.LIGHTER.account(work, 0);
        Path strategy = work.resolve("strategy.sh");
        Path events = work.resolve("events.jsonl");
        Path bars = work.resolve("bars.jsonl");
        // slow enough that it never trades: every trade on the tape is the other account's
        wrapper(strategy, "exec python3 " + EXAMPLE + " --fast 1000 --slow 100000 --events " + events
                + " --bars " + bars);
        Path data = work.resolve("data");
        Path config = work.resolve("trader.yaml");
        try (VenueSim.Simulator simulator = VenueSim.LIGHTER.start(work, "sim")) {
            String sim = simulator.url();
            Files.writeString(config, """
                    service: trader-lighter
                    port: 0
                    dataDir: data
                    loopMillis: 300
                    """ + VenueSim.LIGHTER.venueYaml(simulator, account) + """
                    strategy: {type: process, command: [%s], symbols: [ETH], barMillis: 300, answerMillis: 5000,
                               barSource: trades}
                    risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                    """.formatted(strategy));
            try (PogProcess trader = PogProcess.start(work, "trader",
                    List.of("trader", "--config", config.toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                        Http.get(base + "/api/health").json().at("/checks/strategy/ok").asBoolean());

                // the book and the funding come from the venue's order_book and market_stats channels
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> types(events).containsAll(List.of("book", "funding")));
                for (JsonNode m : lines(events)) {
                    if (m.path("type").asText().equals("book")) {
                        assertThat(m.path("symbol").asText()).isEqualTo("ETH");
                        // the simulator fills takers at the mark: its one level each side is the mark
                        assertThat(new java.math.BigDecimal(m.path("bid").asText()))
                                .isEqualByComparingTo(new java.math.BigDecimal(m.path("ask").asText()));
                    } else if (m.path("type").asText().equals("funding")) {
                        assertThat(new java.math.BigDecimal(m.path("rate").asText())).isZero();
                        assertThat(m.path("nextTime").asLong() % 3_600_000).isZero();
                    }
                }
                // no trade on the market yet: a bar built from trades has nothing to be built from
                assertThat(lines(bars)).isEmpty();

                // another account trades on the venue: its trades are the tape the bars are made of
                pog.lighter.client.LighterSettings other = new pog.lighter.client.LighterSettings(sim, null,
                        null, account.index() + 1, 3, null, null, work.resolve("other"), true, null, null, null);
                String otherKey = pog.lighter.signer.schnorr.PrivateKey.generate(new java.security.SecureRandom())
                        .revealHex();
                try (pog.lighter.client.LighterVenue taker = pog.lighter.client.LighterVenue.open(other,
                        java.util.Map.of("LIGHTER_API_KEY", otherKey), java.time.Clock.systemUTC())) {
                    java.math.BigDecimal size = new java.math.BigDecimal("0.05");
                    int[] n = {0};
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(400)).until(() -> {
                        pog.venue.Side side = n[0] % 2 == 0 ? pog.venue.Side.BUY : pog.venue.Side.SELL;
                        taker.place(pog.venue.OrderRequest.market("tape-" + n[0]++, "ETH", side, size, false));
                        return lines(bars).stream()
                                .anyMatch(b -> new java.math.BigDecimal(b.path("volume").asText()).signum() > 0);
                    });
                }
                for (JsonNode b : lines(bars)) {
                    assertThat(b.path("source").asText()).isEqualTo("trades");
                    assertThat(b.path("symbol").asText()).isEqualTo("ETH");
                }
                assertThat(lines(bars)).anySatisfy(b -> assertThat(b.path("trades").asInt()).isPositive());
                // and the strategy, which never traded, has no position: what it heard was the market, not itself
                assertThat(Http.get(base + "/api/positions").json()).isEmpty();
            }
        }
    }
}
