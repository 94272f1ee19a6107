package pog.hyperliquid.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.hyperliquid.client.HyperliquidSettings;
import pog.hyperliquid.client.HyperliquidVenue;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.Side;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Our own Hyperliquid client (pog.hyperliquid.client) against the simulator, over the wire: the two were written
 * separately from the venue's documentation and SDKs, so this is where a disagreement about the protocol shows.
 */
class ClientInteropTest {
    @TempDir
    Path dir;

    @Test
    void clientTradesProtectsAndSeesTheStopFireOverHttpAndWebSocket() throws Exception {
        try (HyperliquidSimServer server = HyperliquidSimServer.start(SimHarness.config().withAdmin(false), dir.resolve("sim"),
                Clock.systemUTC(), false)) {
            Path key = dir.resolve("hl.key");
            Files.writeString(key, SimHarness.KEY_A + "\n");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            HyperliquidSettings settings = HyperliquidSettings.of("http://127.0.0.1:" + server.port(), true, key, null,
                    dir.resolve("nonce"));
            try (HyperliquidVenue venue = HyperliquidVenue.open(settings, Map.of(), Clock.systemUTC())) {
                List<Fill> pushed = new CopyOnWriteArrayList<>();
                try (AutoCloseable ignored = venue.subscribe(new VenueListener() {
                    @Override
                    public void onFill(Fill fill) {
                        pushed.add(fill);
                    }
                })) {
                    assertThat(venue.account().equity()).isEqualByComparingTo("10000");
                    Order entry = venue.place(OrderRequest.market("entry-1", "BTC", Side.BUY, new BigDecimal("0.01"),
                            false));
                    assertThat(entry.status()).isEqualTo(OrderStatus.FILLED);
                    Order retry = venue.place(OrderRequest.market("entry-1", "BTC", Side.BUY, new BigDecimal("0.01"),
                            false));
                    assertThat(retry.orderId()).isEqualTo(entry.orderId());

                    Order stop = venue.place(OrderRequest.stopLoss("stop-1", "BTC", Side.SELL, new BigDecimal("0.01"),
                            new BigDecimal("58000")));
                    assertThat(stop.status()).isEqualTo(OrderStatus.OPEN);
                    assertThat(venue.openOrders()).extracting(Order::clientId).containsExactly("stop-1");
                    assertThat(venue.positions()).hasSize(1);

                    server.simulator().exchange().jump("BTC", new BigDecimal("57900"));

                    await().atMost(Duration.ofSeconds(10)).until(() -> venue.positions().isEmpty());
                    assertThat(venue.fillsSince(0)).extracting(Fill::clientId).containsExactly("entry-1", "stop-1");
                    await().atMost(Duration.ofSeconds(10)).until(() -> pushed.stream()
                            .anyMatch(f -> "stop-1".equals(f.clientId())));
                }
            }
        }
    }
}
