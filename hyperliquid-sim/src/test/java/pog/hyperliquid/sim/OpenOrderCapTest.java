package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** The venue's open-order cap: 1000 per account (+1 per 5M USDC traded, at most 5000). */
class OpenOrderCapTest extends HyperliquidSimTest {
    @Test
    void theCapGrowsWithVolumeUpTo5000() {
        assertThat(ExchangeApi.openOrderCap(BigDecimal.ZERO)).isEqualTo(1000);
        assertThat(ExchangeApi.openOrderCap(new BigDecimal("4999999.99"))).isEqualTo(1000);
        assertThat(ExchangeApi.openOrderCap(new BigDecimal("5000000"))).isEqualTo(1001);
        assertThat(ExchangeApi.openOrderCap(new BigDecimal("1000000000"))).isEqualTo(1200);
        assertThat(ExchangeApi.openOrderCap(new BigDecimal("1e15"))).isEqualTo(5000);
    }

    @Test
    void theThousandAndFirstRestingOrderIsRefusedAndAnIocStillTrades() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.001", Tif.IOC, null)); // a position to reduce later
        for (int batch = 0; batch < 10; batch++) {
            List<OrderWire> bids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                bids.add(new OrderWire(BTC, true, Integer.toString(50000 + batch * 100 + i), "0.001", false,
                        new OrderTypeWire.Limit(Tif.GTC), null));
            }
            JsonNode r = h.ok(h.alice, Actions.order(bids, Grouping.NA));
            assertThat(r.at("/response/data/statuses/99/resting/oid").isIntegralNumber()).as(r.toString()).isTrue();
        }
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}")).hasSize(1000);

        JsonNode more = h.ok(h.alice, SimHarness.limit(BTC, true, "49000", "0.001", Tif.GTC, null));
        assertThat(more.at("/response/data/statuses/0/error").asText())
                .isEqualTo("Too many open orders: the limit is 1000 for this account's volume. asset=0");
        JsonNode stop = h.ok(h.alice, Actions.order(List.of(SimHarness.stop(BTC, false, "55000", "0.001", false)),
                Grouping.NA));
        assertThat(stop.at("/response/data/statuses/0/error").asText()).startsWith("Too many open orders: reduce-only");
        JsonNode ioc = h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.001", Tif.IOC, null));
        assertThat(ioc.at("/response/data/statuses/0/filled/totalSz").asText()).isEqualTo("0.001");
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}")).hasSize(1000);
    }
}
