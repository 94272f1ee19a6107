package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * trader-hl against the simulated Hyperliquid exchange, both real processes speaking Hyperliquid's protocol: the
 * stop rests on the venue, the trader dies, the venue's stop closes the position, the trader comes back flat.
 */
class TraderHyperliquidIT {
    private static final String KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final String ADDRESS = "0x14791697260e4c9a71f18484c9f997b308e59325";

    @TempDir
    Path work;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path config(String name, int simPort, boolean quiet) throws IOException {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                service: trader-hl
                port: 0
                dataDir: data
                loopMillis: 300
                venue:
                  type: hyperliquid
                  baseUrl: http://127.0.0.1:%d
                  testnet: true
                  keyFile: hl.key
                strategy: {symbols: [BTC], barMillis: 300, fastPeriod: %d, slowPeriod: %d, minSpreadBps: %s}
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(simPort, quiet ? 1000 : 2, quiet ? 100000 : 4, quiet ? "100000" : "0"));
        return file;
    }

    private static JsonNode info(int simPort, String body) throws Exception {
        Http.Reply r = Http.postJson("http://127.0.0.1:" + simPort + "/info", body);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    void venueStopClosesThePositionWhileTheTraderIsDeadAndTheTraderComesBackFlat() throws Exception {
        Path key = work.resolve("hl.key");
        Files.writeString(key, KEY + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        int simPort = freePort();
        Path data = work.resolve("data");
        try (PogProcess sim = PogProcess.start(work, "sim", List.of("exchange-sim", "--venue", "hyperliquid",
                "--port", Integer.toString(simPort), "--data-dir", "sim", "--admin", "--fund", ADDRESS))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> info(simPort, "{\"type\":\"meta\"}").has("universe"));

            JsonNode position;
            BigDecimal stop;
            try (PogProcess trader = PogProcess.start(work, "trader-1",
                    List.of("trader", "--config", config("fast", simPort, false).toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                JsonNode[] seen = new JsonNode[1];
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    Http.Reply r = Http.get(base + "/api/positions");
                    seen[0] = r.json();
                    return r.status() == 200 && r.json().size() == 1 && r.json().get(0).get("protected").asBoolean();
                });
                Http.post(base + "/api/pause", PogProcess.TOKEN, null);
                position = Http.get(base + "/api/positions").json().get(0);
                stop = Http.decimal(position.get("stopPrice"));
                // the stop rests on the venue itself, not only in the trader's memory
                JsonNode resting = info(simPort, "{\"type\":\"frontendOpenOrders\",\"user\":\"" + ADDRESS + "\"}");
                assertThat(resting).anySatisfy(o -> {
                    assertThat(o.get("isTrigger").asBoolean()).isTrue();
                    assertThat(o.get("reduceOnly").asBoolean()).isTrue();
                    assertThat(Http.decimal(o.get("triggerPx"))).isEqualByComparingTo(stop);
                });
                trader.kill9();
            }

            // nobody is watching: the mark moves through the stop and the venue closes the position by itself
            boolean isLong = position.get("side").asText().equals("long");
            BigDecimal through = isLong ? stop.multiply(new BigDecimal("0.98")) : stop.multiply(new BigDecimal("1.02"));
            Http.Reply jump = Http.postJson("http://127.0.0.1:" + simPort + "/admin/faults",
                    "{\"jump\":{\"coin\":\"BTC\",\"px\":\"" + through.setScale(0, java.math.RoundingMode.HALF_UP) + "\"}}");
            assertThat(jump.status()).as(jump.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    info(simPort, "{\"type\":\"clearinghouseState\",\"user\":\"" + ADDRESS + "\"}")
                            .get("assetPositions").isEmpty());

            try (PogProcess trader = PogProcess.start(work, "trader-2",
                    List.of("trader", "--config", config("quiet", simPort, true).toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        java.util.List.of("paused", "halted").contains(Http.get(base + "/api/health").json().path("status").asText()));
                // journal and venue agree: flat, no stop left behind, and the stop's fill journaled
                assertThat(Http.get(base + "/api/positions").json()).isEmpty();
                assertThat(Http.get(base + "/api/orders").json()).isEmpty();
                assertThat(info(simPort, "{\"type\":\"openOrders\",\"user\":\"" + ADDRESS + "\"}")).isEmpty();
                JsonNode fills = Http.get(base + "/api/fills?since=0").json();
                assertThat(fills).anySatisfy(f -> assertThat(f.get("side").asText()).isEqualTo(isLong ? "SELL" : "BUY"));
                String log = Files.readString(data.resolve("trader.log"));
                assertThat(log).contains("event=reconciled positions=0");
            }
        }
    }
}
