package pog.hyperliquid.sim;

import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Tif;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/**
 * /info and /exchange are served in front of Javalin ({@code sim-front}'s direct routes): the same answers, the
 * body limit, and everything else still reaching Javalin's routes.
 */
class DirectRoutesTest extends HyperliquidSimTest {
    @Test
    void aBodyOverOneMegabyteIsRefusedWith413AndHandlesNothing() {
        String huge = "{\"type\":\"allMids\",\"pad\":\"" + "x".repeat(1_000_000) + "\"}";
        SimHarness.Answer a = h.post("/info", huge);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body()).isEqualTo("Payload Too Large");
        assertThat(h.post("/info", "{\"type\":\"allMids\"}").json().get("BTC").asText()).isEqualTo("60000.0");
    }

    @Test
    void ordersAndTheVenuesHttpAnswersGoThroughTheDirectRoute() {
        assertThat(h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null))
                .at("/response/data/statuses/0/resting/oid").asLong()).isPositive();
        SimHarness.Answer notJson = h.post("/exchange", "{nope");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body()).startsWith("Failed to parse the request body as JSON: ");
    }

    @Test
    void otherMethodsAndPathsStillReachJavalin() throws Exception {
        HttpResponse<String> get = h.http.send(HttpRequest.newBuilder(URI.create(h.url("/info"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(404);
        SimHarness.Answer faults = h.post("/admin/faults", "{\"latencyMs\":0}");
        assertThat(faults.status()).isEqualTo(200);
        assertThat(faults.json().get("webSockets").asInt()).isZero();
    }
}
