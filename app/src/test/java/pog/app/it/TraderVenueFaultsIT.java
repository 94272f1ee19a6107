package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * trader-hl against a simulated Hyperliquid that turns slow and flaky (1,500 ms per request, 30 % HTTP 5xx, through
 * {@code /admin/faults}): the trader keeps answering its health within PM's timeout, says the venue is degraded and
 * that it is alive, its decision loop stays fresh, and its position stays protected on the venue.
 */
class TraderVenueFaultsIT {
    private static final String KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final String ADDRESS = "0x14791697260e4c9a71f18484c9f997b308e59325";
    /** PM's default health timeout. */
    private static final Duration PM_TIMEOUT = Duration.ofMillis(800);

    @TempDir
    Path work;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aSlowFailingVenueReadsAsVenueDegradedWhileTheTraderAnswersAndItsPositionStaysProtected() throws Exception {
        Path key = work.resolve("hl.key");
        Files.writeString(key, KEY + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path config = work.resolve("trader.yaml");
        int simPort = freePort();
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
                strategy: {symbols: [BTC], barMillis: 300, fastPeriod: 2, slowPeriod: 4, minSpreadBps: 0}
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(simPort));
        String sim = "http://127.0.0.1:" + simPort;
        try (PogProcess venue = PogProcess.start(work, "sim", List.of("exchange-sim", "--venue", "hyperliquid",
                "--port", Integer.toString(simPort), "--data-dir", "sim", "--admin", "--fund", ADDRESS));
             PogProcess trader = PogProcess.start(work, "trader",
                     List.of("trader", "--config", config.toString()))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(work.resolve("data"), trader);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode p = Http.get(base + "/api/positions").json();
                return p.isArray() && p.size() == 1 && p.get(0).get("protected").asBoolean();
            });
            Http.Reply set = Http.postJson(sim + "/admin/faults", "{\"latencyMs\":1500,\"errorRate5xx\":0.3}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);

            HttpClient client = HttpClient.newBuilder().connectTimeout(PM_TIMEOUT).build();
            List<Long> loopAges = new ArrayList<>();
            Set<String> venueDetails = new HashSet<>();
            int unanswered = 0;
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/health"))
                            .timeout(PM_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode h = Json.mapper().readTree(r.body());
                    loopAges.add(h.path("checks").path("loop").path("ageMs").asLong(-1));
                    JsonNode v = h.path("checks").path("venue");
                    if (!v.path("ok").asBoolean()) {
                        venueDetails.add(v.path("detail").asText());
                    }
                } catch (java.net.http.HttpTimeoutException e) {
                    unanswered++;
                }
                Thread.sleep(100); // the sampling period, not a wait for an outcome
            }

            assertThat(unanswered).as("health polls PM would have read as no answer").isZero();
            assertThat(loopAges).isNotEmpty().allSatisfy(age -> assertThat(age).isBetween(0L, 2_000L));
            assertThat(venueDetails).as("the venue is the one to blame, and the trader says it is alive")
                    .anySatisfy(d -> assertThat(d).contains("the trader is alive and keeps protecting"));
            JsonNode positions = Http.get(base + "/api/positions").json();
            assertThat(positions).allSatisfy(p -> assertThat(p.get("protected").asBoolean()).isTrue());

            Http.postJson(sim + "/admin/faults", "{\"latencyMs\":0,\"errorRate5xx\":0}");
            JsonNode ledger = Http.get(sim + "/admin/protection").json();
            JsonNode mine = ledger.isArray() ? ledger.get(0) : ledger;
            assertThat(mine.path("maxUnprotectedMs").asLong()).as(ledger.toString()).isLessThan(2_000);
        }
    }
}
