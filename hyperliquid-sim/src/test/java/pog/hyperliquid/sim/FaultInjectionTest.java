package pog.hyperliquid.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultInjectionTest extends HyperliquidSimTest {
    @Test
    void everyRequestCanBeAnswered502Or429UntilTheFaultIsCleared() {
        assertThat(h.post("/admin/faults", "{\"errorRate5xx\":1}").status()).isEqualTo(200);
        assertThat(h.post("/info", "{\"type\":\"meta\"}").status()).isEqualTo(502);
        h.post("/admin/faults", "{\"errorRate5xx\":0,\"errorRate429\":1}");
        assertThat(h.post("/exchange", "{}").status()).isEqualTo(429);
        h.post("/admin/faults", "{\"errorRate429\":0}");
        assertThat(h.post("/info", "{\"type\":\"meta\"}").status()).isEqualTo(200);
    }

    @Test
    void latencyDelaysAnswers() {
        h.post("/admin/faults", "{\"latencyMs\":300}");
        long start = System.nanoTime();
        h.info("{\"type\":\"allMids\"}");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(h.post("/admin/faults", "{\"latencyMs\":0}").json().get("latencyMs").asLong()).isZero();
    }

    @Test
    void jumpMovesTheMarkOnDemand() {
        assertThat(h.post("/admin/faults", "{\"jump\":{\"coin\":\"SOL\",\"px\":\"120.5\"}}").status()).isEqualTo(200);
        assertThat(h.info("{\"type\":\"allMids\"}").get("SOL").asText()).isEqualTo("120.5");
        assertThat(h.post("/admin/faults", "{\"jump\":{\"coin\":\"XYZ\",\"px\":\"1\"}}").status()).isEqualTo(400);
        assertThat(h.post("/admin/faults", "{\"errorRate5xx\":2}").status()).isEqualTo(400);
    }

    @Test
    void aFaultsBodyItCannotReadIsRefusedAndChangesNothing() {
        h.post("/admin/faults", "{\"latencyMs\":50}");
        SimHarness.Answer notANumber = h.post("/admin/faults", "{\"errorRate5xx\":1,\"latencyMs\":\"soon\"}");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("error").asText()).isEqualTo("latencyMs must be a number, got \"soon\"");
        SimHarness.Answer badPrice = h.post("/admin/faults", "{\"errorRate5xx\":1,\"jump\":{\"coin\":\"BTC\",\"px\":\"lots\"}}");
        assertThat(badPrice.json().get("error").asText()).isEqualTo("jump.px must be a decimal number");
        assertThat(h.post("/admin/faults", "not json").json().get("error").asText())
                .isEqualTo("the body must be a JSON object of faults");
        assertThat(h.post("/info", "{\"type\":\"meta\"}").status()).as("no refused body set its 5xx rate").isEqualTo(200);
        assertThat(h.post("/admin/faults", "{}").json().get("latencyMs").asLong()).isEqualTo(50);
    }

    @Test
    void adminIsAbsentUnlessEnabled() {
        HyperliquidSimConfig config = HyperliquidSimConfig.defaults().withPort(0);
        try (HyperliquidSimServer plain = HyperliquidSimServer.start(config, dir.resolve("plain"), h.clock, false)) {
            String url = "http://127.0.0.1:" + plain.port() + "/admin/faults";
            var r = h.http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"errorRate5xx\":1}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).join();
            assertThat(r.statusCode()).isEqualTo(404);
        }
    }
}
