package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.sim.Exchange;
import pog.paper.PaperProvider;
import pog.paper.PaperVenueConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The trader as a real process: killed, restarted, doubled, signalled, fed bad input. */
class TraderProcessIT {
    @TempDir
    Path work;

    /**
     * A config that trades within seconds (fast bars) or, with {@code quiet}, never opens anything new on a market that
     * hardly moves: a restart under load takes seconds, and at the fast market's volatility (0.2 per sqrt(hour)) a
     * mark moves 1.5 % in 20 s, enough to trigger a 2 % stop and leave nothing to reconcile.
     */
    private Path config(String name, boolean quiet) throws IOException {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                service: trader-it
                port: 0
                dataDir: data
                loopMillis: 100
                venue:
                  type: paper
                  account: it-1
                  seed: 7
                  tickMillis: 100
                  volatility: %s
                strategy:
                  symbols: [BTC, ETH, SOL]
                  barMillis: 100
                  fastPeriod: %d
                  slowPeriod: %d
                  minSpreadBps: %s
                risk:
                  riskPerTrade: 0.01
                  stopDistance: 0.02
                """.formatted(quiet ? "0.001" : "0.2", quiet ? 1000 : 2, quiet ? 100000 : 4, quiet ? "100000" : "0"));
        return file;
    }

    private PogProcess trader(String name, Path config, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("trader", "--config", config.toString()));
        args.addAll(List.of(extra));
        return PogProcess.start(work, name, args);
    }

    private static JsonNode awaitPositions(String base, int atLeast) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.Reply r = Http.get(base + "/api/positions");
            seen[0] = r.json();
            return r.status() == 200 && r.json().size() >= atLeast;
        });
        return seen[0];
    }

    /**
     * Pauses the trader at a moment it holds a position. The fast strategy also exits on every reversal, so a
     * position seen just before pausing may be gone just after: try again until one is held while paused.
     */
    private static void pauseHoldingPositions(String base) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            awaitPositions(base, 1);
            Http.post(base + "/api/pause", PogProcess.TOKEN, null);
            if (Http.get(base + "/api/positions").json().size() >= 1) {
                return true;
            }
            Http.post(base + "/api/resume", PogProcess.TOKEN, null);
            return false;
        });
    }

    private static void awaitAllProtected(String base) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Http.Reply reply = Http.get(base + "/api/positions");
            if (reply.status() != 200) {
                return false;
            }
            JsonNode positions = reply.json();
            for (JsonNode p : positions) {
                if (!p.get("protected").asBoolean()) {
                    return false;
                }
            }
            return Http.get(base + "/api/health").json().at("/checks/protection/ok").asBoolean();
        });
    }

    /** Stop orders resting on the venue, per symbol, with their client ids. */
    private static Map<String, Set<String>> stopsBySymbol(String base) throws Exception {
        Map<String, Set<String>> out = new HashMap<>();
        for (JsonNode o : Http.get(base + "/api/orders").json()) {
            if (o.get("type").asText().equals("STOP_MARKET")) {
                out.computeIfAbsent(o.get("symbol").asText(), k -> new HashSet<>()).add(o.get("clientId").asText());
            }
        }
        return out;
    }

    private static void assertEveryPositionHasExactlyOneFullStop(String base) throws Exception {
        JsonNode positions = Http.get(base + "/api/positions").json();
        JsonNode orders = Http.get(base + "/api/orders").json();
        for (JsonNode p : positions) {
            String symbol = p.get("symbol").asText();
            int stops = 0;
            for (JsonNode o : orders) {
                if (o.get("symbol").asText().equals(symbol) && o.get("type").asText().equals("STOP_MARKET")) {
                    stops++;
                    assertThat(o.get("reduceOnly").asBoolean()).isTrue();
                    assertThat(Http.decimal(o.get("size"))).isEqualByComparingTo(Http.decimal(p.get("size")));
                }
            }
            assertThat(stops).as("stops for %s", symbol).isEqualTo(1);
        }
        // nothing but stops rests: no stray entry was sent twice
        for (JsonNode o : orders) {
            assertThat(o.get("type").asText()).isEqualTo("STOP_MARKET");
        }
    }

    @Test
    void killedWhileHoldingPositionsThenRestartedReconcilesWithExactlyOneStopEach() throws Exception {
        Path data = work.resolve("data");
        Map<String, Set<String>> stopsBefore;
        try (PogProcess first = trader("first", config("fast", false))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, first);
            pauseHoldingPositions(base);
            awaitAllProtected(base);
            stopsBefore = stopsBySymbol(base);
            first.kill9();
        }
        // while the trader is dead, someone cancels one of its stops on the venue
        String victim = stopsBefore.keySet().iterator().next();
        String victimStop = stopsBefore.get(victim).iterator().next();
        PaperVenueConfig paper = (PaperVenueConfig) pog.trader.config.TraderConfig.load(config("fast", false),
                pog.app.Main.VENUES).venue();
        try (Exchange venue = Exchange.open(PaperProvider.simConfig(paper), data.resolve(PaperProvider.EXCHANGE_FILE),
                java.time.Clock.systemUTC())) {
            assertThat(venue.cancel(paper.account(), victim, victimStop)).isTrue();
        }
        // restarted quiet, so everything after the restart is reconciliation, not new trading
        try (PogProcess second = trader("second", config("quiet", true))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, second);
            awaitAllProtected(base);
            assertThat(Http.get(base + "/api/positions").json().size()).isEqualTo(stopsBefore.size());
            assertEveryPositionHasExactlyOneFullStop(base);
            Map<String, Set<String>> stopsAfter = stopsBySymbol(base);
            for (String symbol : stopsAfter.keySet()) {
                if (symbol.equals(victim)) {
                    assertThat(stopsAfter.get(symbol)).doesNotContain(victimStop);
                } else {
                    assertThat(stopsAfter.get(symbol)).as("untouched stop of %s kept, not re-sent", symbol)
                            .isEqualTo(stopsBefore.get(symbol));
                }
            }
            String log = Files.readString(data.resolve("trader.log"));
            assertThat(log).contains("event=reconciled").contains("event=stop_replaced symbol=" + victim);
            // client ids are allocated durably: the journal never hands one out twice
            JsonNode journal = Http.get(base + "/api/journal/orders?limit=1000").json();
            Set<String> ids = new HashSet<>();
            for (JsonNode o : journal) {
                assertThat(ids.add(o.get("clientId").asText())).isTrue();
            }
        }
    }

    @Test
    void sigtermExitsZeroAndLeavesPositionsAndStopsOnTheVenue() throws Exception {
        Path data = work.resolve("data");
        Map<String, Set<String>> stopsBefore;
        Map<String, String> sizesBefore = new HashMap<>();
        try (PogProcess first = trader("first", config("fast", false))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, first);
            pauseHoldingPositions(base);
            awaitAllProtected(base);
            for (JsonNode p : Http.get(base + "/api/positions").json()) {
                sizesBefore.put(p.get("symbol").asText(), p.get("side").asText() + " " + p.get("size").asText());
            }
            stopsBefore = stopsBySymbol(base);
            first.term();
            assertThat(first.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(Files.readString(data.resolve("trader.log"))).contains("event=stopped");
        }
        try (PogProcess second = trader("second", config("quiet", true))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, second);
            awaitAllProtected(base);
            Map<String, String> sizesAfter = new HashMap<>();
            for (JsonNode p : Http.get(base + "/api/positions").json()) {
                sizesAfter.put(p.get("symbol").asText(), p.get("side").asText() + " " + p.get("size").asText());
            }
            Map<String, Set<String>> stopsAfter = stopsBySymbol(base);
            // every position still held is protected by the very stop it had: nothing was closed or re-placed
            for (String symbol : sizesAfter.keySet()) {
                assertThat(sizesAfter.get(symbol)).isEqualTo(sizesBefore.get(symbol));
                assertThat(stopsAfter.get(symbol)).isEqualTo(stopsBefore.get(symbol));
            }
            assertThat(sizesAfter).isNotEmpty();
            assertThat(sizesBefore.keySet()).containsAll(sizesAfter.keySet());
        }
    }

    @Test
    void secondInstanceOnTheSameStateIsRefusedAndTheFirstCarriesOn() throws Exception {
        Path data = work.resolve("data");
        try (PogProcess first = trader("first", config("quiet", true))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, first);
            String instance = Http.get(base + "/api/health").json().get("instance").asText();
            try (PogProcess second = trader("second", config("quiet", true))) {
                assertThat(second.waitFor(Duration.ofSeconds(60))).isEqualTo(3);
                assertThat(second.stderr()).contains("locked by another running instance")
                        .contains("pid " + first.pid()).doesNotContain("Exception");
            }
            Http.Reply health = Http.get(base + "/api/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("instance").asText()).isEqualTo(instance);
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void busyPortIsRefusedBeforeTouchingTheVenue() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             PogProcess p = trader("busy", config("quiet", true), "--port", Integer.toString(taken.getLocalPort()),
                     "--data-dir", "busy-data")) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(p.stderr()).contains("port " + taken.getLocalPort()).contains("already in use")
                    .doesNotContain("Exception");
            assertThat(work.resolve("busy-data/paper-venue.db")).doesNotExist();
        }
    }

    @Test
    void badConfigIsOneLineNamingFileAndKeyWithExitCode2() throws Exception {
        Path bad = work.resolve("bad.yaml");
        Files.writeString(bad, "service: trader-it\nvenue:\n  type: paper\nrisk:\n  riskPerTrad: 0.01\n");
        try (PogProcess p = trader("bad", bad)) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(p.stderr().strip()).startsWith("config error: " + bad + ": risk.riskPerTrad: unknown key")
                    .doesNotContain("\n").doesNotContain("Exception");
        }
        Files.writeString(bad, "service: trader-it\nport: 99999\nvenue:\n  type: paper\n");
        try (PogProcess p = trader("badport", bad)) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(p.stderr().strip()).isEqualTo("config error: " + bad
                    + ": port: must be a port between 0 and 65535, got 99999");
        }
        Path openToken = work.resolve("open.token");
        Files.writeString(openToken, "0123456789abcdef0123456789");
        Files.setPosixFilePermissions(openToken, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(bad, "service: trader-it\ncontrolTokenFile: " + openToken + "\nvenue:\n  type: paper\n");
        try (PogProcess p = PogProcess.start(work, "badtoken", List.of("trader", "--config", bad.toString()),
                Map.of("POG_CONTROL_TOKEN", ""))) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(p.stderr().strip()).startsWith("config error: " + bad + ": controlTokenFile: " + openToken)
                    .contains("chmod 600").doesNotContain("0123456789abcdef").doesNotContain("\n");
        }
        Files.writeString(bad, "service: trader-it\nvenue:\n  type: binance\n");
        try (PogProcess p = trader("badvenue", bad)) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(p.stderr().strip()).isEqualTo("config error: " + bad
                    + ": venue.type: unknown type 'binance' (known: hyperliquid, lighter, paper)");
        }
    }

    @Test
    void apiRefusesControlWithoutTokenAndAnswersBadInputWithJsonErrors() throws Exception {
        Path data = work.resolve("data");
        try (PogProcess p = trader("api", config("quiet", true))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, p);
            Http.Reply noToken = Http.post(base + "/api/shutdown", null, null);
            assertThat(noToken.status()).isEqualTo(401);
            assertThat(noToken.json().get("error").asText()).isEqualTo("unauthorized");
            assertThat(Http.post(base + "/api/pause", "wrong-token-0123456789", null).status()).isEqualTo(401);
            assertThat(Http.get(base + "/api/health").json().get("paused").asBoolean()).isFalse();

            Http.Reply badQuery = Http.get(base + "/api/fills?since=yesterday");
            assertThat(badQuery.status()).isEqualTo(400);
            assertThat(badQuery.json().get("detail").asText()).contains("since");
            assertThat(Http.get(base + "/api/nope").status()).isEqualTo(404);
            assertThat(Http.get(base + "/api/nope").json().get("error").asText()).isEqualTo("not found");
            assertThat(p.isAlive()).isTrue();

            // a body the trader does not understand is refused before it acts
            Http.Reply typo = Http.post(base + "/api/pause", PogProcess.TOKEN, "{\"reasn\": \"x\"}");
            assertThat(typo.status()).isEqualTo(400);
            assertThat(typo.json().get("detail").asText()).contains("unknown field 'reasn'");
            Http.Reply notJson = Http.post(base + "/api/shutdown", PogProcess.TOKEN, "shutdown please");
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(notJson.json().get("detail").asText()).startsWith("request body is not valid JSON");
            assertThat(Http.post(base + "/api/flatten", PogProcess.TOKEN, "{\"reason\": 1}").status()).isEqualTo(400);
            assertThat(Http.get(base + "/api/health").json().get("paused").asBoolean()).isFalse();
            assertThat(p.isAlive()).isTrue();

            // control acts on a reconciled trader (before that it answers 503): on a loaded machine connecting takes a while
            awaitAllProtected(base);
            Http.Reply paused = Http.post(base + "/api/pause", PogProcess.TOKEN, null);
            assertThat(paused.status()).isEqualTo(200);
            assertThat(Http.get(base + "/api/health").json().get("status").asText()).isEqualTo("paused");

            Http.Reply bye = Http.post(base + "/api/shutdown", PogProcess.TOKEN, null);
            assertThat(bye.status()).isEqualTo(200);
            // what it leaves on the venue, read there once more before it exits (PM's CLEAN / NOT CLEAN)
            assertThat(bye.json().get("leftBehind").get("clean").asBoolean()).isTrue();
            assertThat(bye.json().get("leftBehind").get("detail").asText())
                    .matches("(flat|\\d+ position\\(s\\) left) on paper.*");
            assertThat(p.waitFor(Duration.ofSeconds(30))).isZero();
        }
    }

    /** SIGTERM, so the journal is checkpointed into journal.db and its -wal is gone: what is left is one file. */
    private Map<String, Set<String>> runUntilHoldingProtectedPositionsThenStop(Path data) throws Exception {
        try (PogProcess first = trader("first", config("fast", false))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, first);
            pauseHoldingPositions(base);
            awaitAllProtected(base);
            Map<String, Set<String>> stops = stopsBySymbol(base);
            first.term();
            assertThat(first.waitFor(Duration.ofSeconds(30))).isZero();
            return stops;
        }
    }

    @Test
    void damagedJournalIsRefusedInOneLineWithExit5UntouchedAndMovingItAsideRebuildsFromTheVenue() throws Exception {
        Path data = work.resolve("data");
        Map<String, Set<String>> stopsBefore = runUntilHoldingProtectedPositionsThenStop(data);
        Path journal = data.resolve("journal.db");
        long size = Files.size(journal);
        try (var ch = java.nio.channels.FileChannel.open(journal, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        byte[] damaged = Files.readAllBytes(journal);
        try (PogProcess p = trader("truncated", config("quiet", true))) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(5);
            assertThat(p.stderr().strip()).startsWith("error: journal data/journal.db is damaged (").contains("nothing was changed").contains("Move it aside")
                    .doesNotContain("\n").doesNotContain("Exception").doesNotContain("SQLITE").doesNotContain("Flyway");
        }
        assertThat(Files.readAllBytes(journal)).as("not a byte written to the damaged journal").isEqualTo(damaged);
        assertThat(Files.readString(data.resolve("trader.log"))).contains("event=journal_damaged");

        byte[] garbage = new byte[(int) size];
        new java.util.Random(3).nextBytes(garbage);
        Files.write(journal, garbage);
        try (PogProcess p = trader("garbage", config("quiet", true))) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(5);
            assertThat(p.stderr().strip()).contains("is damaged (not a SQLite database)").doesNotContain("\n");
        }
        assertThat(Files.readAllBytes(journal)).isEqualTo(garbage);

        // moved aside without --take-over: its own earlier orders are of an epoch the new journal does not know, so
        // the trader comes back held and writes nothing (the venue keeps every stop it had)
        Files.move(journal, data.resolve("journal.db.damaged"));
        try (PogProcess p = trader("held", config("quiet", true))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, p);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "held".equals(Http.get(base + "/api/health").json().path("status").asText()));
            assertThat(stopsBySymbol(base)).isEqualTo(stopsBefore);
            p.term();
            assertThat(p.waitFor(Duration.ofSeconds(30))).isZero();
        }
        // what the message says to do: start with --take-over; it adopts its old orders, reconciles, keeps the stops
        try (PogProcess p = trader("fresh", config("quiet", true), "--take-over")) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, p);
            awaitAllProtected(base);
            assertThat(Http.get(base + "/api/positions").json().size()).isEqualTo(stopsBefore.size());
            assertEveryPositionHasExactlyOneFullStop(base);
            assertThat(stopsBySymbol(base)).isEqualTo(stopsBefore);
            assertThat(Files.readString(data.resolve("trader.log")))
                    .contains("event=reconciled positions=" + stopsBefore.size());
        }
    }

    /** {@code chattr +i/-i}: even root cannot write an immutable file, which is what this needs (modes do not bind root). */
    private static boolean chattr(String flag, Path... files) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("chattr", flag));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException noChattr) {
            return false;
        }
    }

    private static String logAfter(Path log, String marker) throws IOException {
        String all = Files.readString(log);
        int i = all.indexOf(marker);
        return i < 0 ? "" : all.substring(i);
    }

    @Test
    void unwritableJournalIsReportedKeepsStopsOpensNothingAndRecoversByItself() throws Exception {
        Path probe = Files.writeString(work.resolve("probe"), "x");
        org.junit.jupiter.api.Assumptions.assumeTrue(chattr("+i", probe) && chattr("-i", probe),
                "chattr +i is not available on this file system");
        Path data = work.resolve("data");
        Path log = data.resolve("trader.log");
        Path[] journal = {data.resolve("journal.db"), data.resolve("journal.db-wal")};
        try (PogProcess p = trader("trader", config("fast", false))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, p);
            pauseHoldingPositions(base);
            awaitAllProtected(base);
            Map<String, Set<String>> stopsBefore = stopsBySymbol(base);
            assertThat(Files.exists(journal[1])).as("a running journal has its write-ahead log").isTrue();
            try {
                assertThat(chattr("+i", journal)).isTrue();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                        !Http.get(base + "/api/health").json().at("/checks/journal/ok").asBoolean());
                JsonNode health = Http.get(base + "/api/health").json();
                assertThat(health.get("status").asText()).isEqualTo("degraded");
                assertThat(health.at("/checks/journal/detail").asText()).startsWith("not writable (disk I/O error)");
                assertThat(health.at("/checks/loop/ok").asBoolean()).as("the loop itself is fine").isTrue();
                // stops stay while nothing can be journaled
                assertThat(stopsBySymbol(base)).isEqualTo(stopsBefore);
                awaitAllProtected(base);

                // let the strategy loose: its entries must wait for the journal, its exits may go
                assertThat(Http.post(base + "/api/resume", PogProcess.TOKEN, null).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        logAfter(log, "event=journal_not_writable")
                                .contains("event=entry_skipped") && logAfter(log, "event=entry_skipped")
                                .contains("reason=\"journal not writable\""));
                assertThat(logAfter(log, "event=journal_not_writable")).as("no entry sent without its record")
                        .doesNotContain("purpose=ENTRY status");
                awaitAllProtected(base);
            } finally {
                chattr("-i", journal);
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    Http.get(base + "/api/health").json().at("/checks/journal/ok").asBoolean());
            assertThat(Files.readString(log)).contains("event=journal_recovered");
            // and trading resumes by itself: a new entry, journaled, with its stop
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    logAfter(log, "event=journal_recovered").contains("purpose=ENTRY status"));
            Http.post(base + "/api/pause", PogProcess.TOKEN, null);
            awaitAllProtected(base);
            assertEveryPositionHasExactlyOneFullStop(base);
            assertThat(p.isAlive()).isTrue();
        } finally {
            chattr("-i", journal);
        }
    }
}
