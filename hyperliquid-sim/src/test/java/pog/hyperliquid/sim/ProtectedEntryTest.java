package pog.hyperliquid.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;
import pog.hyperliquid.client.HyperliquidSettings;
import pog.hyperliquid.client.HyperliquidVenue;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.ProtectedEntry;
import pog.venue.Side;

/** Our client's entry + stop as one normalTpsl action against the simulator, and the simulator's own ledger. */
class ProtectedEntryTest {
    @TempDir
    Path dir;

    @Test
    void entryAndStopGoAsOneActionAndTheLedgerSeesNoGap() throws Exception {
        try (HyperliquidSimServer server = HyperliquidSimServer.start(SimHarness.config().withAdmin(false), dir.resolve("sim"),
                Clock.systemUTC(), false)) {
            try (HyperliquidVenue venue = HyperliquidVenue.open(settings(server), Map.of(), Clock.systemUTC())) {
                ProtectedEntry p = venue.placeWithStop(
                        OrderRequest.market("entry-1", "BTC", Side.BUY, new BigDecimal("0.01"), false),
                        OrderRequest.stopLoss("stop-1", "BTC", Side.SELL, new BigDecimal("0.01"),
                                new BigDecimal("58000")));

                assertThat(p.atomic()).isTrue();
                assertThat(p.entry().status()).isEqualTo(OrderStatus.FILLED);
                assertThat(p.stop()).isNotNull();
                assertThat(p.stop().status()).isEqualTo(OrderStatus.OPEN);
                assertThat(venue.openOrders()).extracting(Order::clientId).containsExactly("stop-1");

                // the same client ids again: nothing new on the venue
                ProtectedEntry again = venue.placeWithStop(
                        OrderRequest.market("entry-1", "BTC", Side.BUY, new BigDecimal("0.01"), false),
                        OrderRequest.stopLoss("stop-1", "BTC", Side.SELL, new BigDecimal("0.01"),
                                new BigDecimal("58000")));
                assertThat(again.entry().orderId()).isEqualTo(p.entry().orderId());
                assertThat(venue.positions()).hasSize(1);
                assertThat(venue.positions().get(0).size()).isEqualByComparingTo("0.01");

                var ledger = Json.mapper().readTree(get(server, "/admin/protection"));
                assertThat(ledger.isArray()).isTrue();
                var mine = ledger.findParents("account").stream()
                        .filter(n -> n.path("account").asText().equals(venue.accountId().toLowerCase()))
                        .findFirst().orElseThrow();
                assertThat(mine.path("unprotectedMsTotal").asLong()).isZero();
                assertThat(mine.path("maxUnprotectedMs").asLong()).isZero();
                assertThat(mine.path("intervals").size()).isZero();
                assertThat(mine.path("unprotectedNow").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void aRestingEntryHoldsItsStopAsAChildUntilItFills() throws Exception {
        try (HyperliquidSimServer server = HyperliquidSimServer.start(SimHarness.config().withAdmin(false), dir.resolve("sim"),
                Clock.systemUTC(), false)) {
            try (HyperliquidVenue venue = HyperliquidVenue.open(settings(server), Map.of(), Clock.systemUTC())) {
                BigDecimal mark = server.simulator().exchange().marks().get("BTC");
                BigDecimal below = mark.multiply(new BigDecimal("0.99")).setScale(0, java.math.RoundingMode.DOWN);
                ProtectedEntry p = venue.placeWithStop(
                        new OrderRequest("entry-2", "BTC", Side.BUY, OrderType.LIMIT_GTC, new BigDecimal("0.01"),
                                below, null, false),
                        OrderRequest.stopLoss("stop-2", "BTC", Side.SELL, new BigDecimal("0.01"),
                                below.subtract(new BigDecimal("1000"))));
                assertThat(p.entry().status()).isEqualTo(OrderStatus.OPEN);
                assertThat(p.stop()).isNull();
                var open = Json.mapper().readTree(post(server, "/info",
                        "{\"type\":\"frontendOpenOrders\",\"user\":\"" + venue.accountId() + "\"}"));
                assertThat(open.size()).isEqualTo(1);
                assertThat(open.get(0).path("children").size()).isEqualTo(1);

                server.simulator().exchange().jump("BTC", below.subtract(BigDecimal.TEN));

                assertThat(venue.openOrders()).extracting(Order::clientId).containsExactly("stop-2");
                var ledger = Json.mapper().readTree(get(server, "/admin/protection"));
                for (var n : ledger) {
                    assertThat(n.path("unprotectedMsTotal").asLong()).isZero();
                }
            }
        }
    }

    private HyperliquidSettings settings(HyperliquidSimServer server) throws Exception {
        Path key = dir.resolve("hl.key");
        Files.writeString(key, SimHarness.KEY_A + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return HyperliquidSettings.of("http://127.0.0.1:" + server.port(), true, key, null, dir.resolve("nonce"));
    }

    private static String get(HyperliquidSimServer server, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static String post(HyperliquidSimServer server, String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
