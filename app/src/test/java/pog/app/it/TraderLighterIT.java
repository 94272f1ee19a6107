package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.lighter.signer.schnorr.PrivateKey;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * trader-lighter against the simulated Lighter exchange, both real processes speaking Lighter's protocol (signed
 * with the pure-Java signer): the stop rests on the venue, the trader dies, the venue's stop closes the position,
 * the trader comes back flat.
 */
class TraderLighterIT {
    private static final int BTC_MARKET = 1;

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
                service: trader-lighter
                port: 0
                dataDir: data
                loopMillis: 300
                venue:
                  type: lighter
                  baseUrl: http://127.0.0.1:%d
                  accountIndex: 7
                  keyFile: lighter.key
                  registerApiKey: true
                strategy: {symbols: [BTC], barMillis: 300, fastPeriod: %d, slowPeriod: %d, minSpreadBps: %s}
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(simPort, quiet ? 1000 : 2, quiet ? 100000 : 4, quiet ? "100000" : "0"));
        return file;
    }

    @Test
    void venueStopClosesThePositionWhileTheTraderIsDeadAndTheTraderComesBackFlat() throws Exception {
        PrivateKey.generateToFile(work.resolve("lighter.key"), new SecureRandom());
        int simPort = freePort();
        String sim = "http://127.0.0.1:" + simPort;
        Path data = work.resolve("data");
        try (PogProcess simulator = PogProcess.start(work, "sim", List.of("exchange-sim", "--venue", "lighter",
                "--port", Integer.toString(simPort), "--data-dir", "sim", "--admin"))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> Http.get(sim + "/api/v1/orderBooks").status() == 200);

            JsonNode position;
            BigDecimal stop;
            try (PogProcess trader = PogProcess.start(work, "trader-1",
                    List.of("trader", "--config", config("fast", simPort, false).toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    Http.Reply r = Http.get(base + "/api/positions");
                    return r.status() == 200 && r.json().size() == 1 && r.json().get(0).get("protected").asBoolean();
                });
                Http.post(base + "/api/pause", PogProcess.TOKEN, null);
                position = Http.get(base + "/api/positions").json().get(0);
                stop = Http.decimal(position.get("stopPrice"));
                JsonNode orders = Http.get(base + "/api/orders").json();
                assertThat(orders).singleElement().satisfies(o -> {
                    assertThat(o.get("type").asText()).isEqualTo("STOP_MARKET");
                    assertThat(o.get("reduceOnly").asBoolean()).isTrue();
                    assertThat(Http.decimal(o.get("triggerPrice"))).isEqualByComparingTo(stop);
                });
                trader.kill9();
            }

            // nobody is watching: the mark moves through the stop and the venue closes the position by itself
            boolean isLong = position.get("side").asText().equals("long");
            BigDecimal through = (isLong ? stop.multiply(new BigDecimal("0.98")) : stop.multiply(new BigDecimal("1.02")))
                    .setScale(1, RoundingMode.HALF_UP);
            Http.Reply jump = Http.postJson(sim + "/admin/faults",
                    "{\"jump\":{\"market_id\":" + BTC_MARKET + ",\"price\":\"" + through.toPlainString() + "\"}}");
            assertThat(jump.status()).as(jump.body()).isEqualTo(200);

            try (PogProcess trader = PogProcess.start(work, "trader-2",
                    List.of("trader", "--config", config("quiet", simPort, true).toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        java.util.List.of("paused", "halted").contains(Http.get(base + "/api/health").json().path("status").asText()));
                // journal and venue agree: flat, no stop left behind, and the stop's fill journaled
                assertThat(Http.get(base + "/api/positions").json()).isEmpty();
                assertThat(Http.get(base + "/api/orders").json()).isEmpty();
                JsonNode fills = Http.get(base + "/api/fills?since=0").json();
                assertThat(fills).anySatisfy(f -> assertThat(f.get("side").asText()).isEqualTo(isLong ? "SELL" : "BUY"));
                assertThat(Files.readString(data.resolve("trader.log"))).contains("event=reconciled positions=0");
            }
        }
    }
}
