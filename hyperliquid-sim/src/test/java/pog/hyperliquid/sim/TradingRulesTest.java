package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Tif;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** Price rules with the venue's words, the price band, the empty batch, FrontendMarket, l2Book aggregation. */
class TradingRulesTest extends HyperliquidSimTest {
    static final int SOL = 2;

    private String orderError(int asset, String px, String sz, Tif tif) {
        JsonNode r = h.ok(h.alice, SimHarness.limit(asset, true, px, sz, tif, null));
        return r.at("/response/data/statuses/0/error").asText();
    }

    @Test
    void priceErrorsUseTheVenuesWordsForEachRule() {
        assertThat(orderError(BTC, "59000.5", "0.001", Tif.GTC)).isEqualTo("Price must be divisible by tick size. asset=0");
        assertThat(orderError(SOL, "140.12345", "1", Tif.GTC)).isEqualTo("Order has invalid price. asset=2");
        assertThat(orderError(BTC, "123456", "0.001", Tif.GTC))
                .isEqualTo("Order price cannot be more than 80% away from the reference price");
        assertThat(orderError(BTC, "59000", "0.001", Tif.GTC)).isEmpty();
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size()).isEqualTo(1);
    }

    @Test
    void anEmptyBatchIsRefusedAsAWholeAndFrontendMarketTakes() {
        com.fasterxml.jackson.databind.node.ObjectNode action = pog.common.json.Json.mapper().createObjectNode();
        action.put("type", "order");
        action.putArray("orders");
        action.put("grouping", "na");
        SimHarness.Answer empty = h.exchange(h.alice, action);
        assertThat(empty.json().get("status").asText()).isEqualTo("err");

        JsonNode r = h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.001", Tif.FRONTEND_MARKET, null));
        assertThat(r.at("/response/data/statuses/0/filled/totalSz").asText()).isEqualTo("0.001");
    }

    @Test
    void l2BookAggregatesToTheAskedSignificantFigures() {
        JsonNode full = h.info("{\"type\":\"l2Book\",\"coin\":\"BTC\"}");
        JsonNode two = h.info("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":2}");
        assertThat(two.at("/levels/0/0/px").asText()).isEqualTo("59000.0");
        assertThat(two.at("/levels/1/0/px").asText()).isEqualTo("61000.0");
        BigDecimal fullBids = BigDecimal.ZERO;
        for (JsonNode l : full.at("/levels/0")) {
            fullBids = fullBids.add(new BigDecimal(l.get("sz").asText()));
        }
        BigDecimal twoBids = BigDecimal.ZERO;
        for (JsonNode l : two.at("/levels/0")) {
            twoBids = twoBids.add(new BigDecimal(l.get("sz").asText()));
        }
        assertThat(twoBids).isEqualByComparingTo(fullBids);

        JsonNode five = h.info("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":5,\"mantissa\":5}");
        for (JsonNode l : five.at("/levels/1")) {
            assertThat(new BigDecimal(l.get("px").asText()).remainder(BigDecimal.valueOf(5))).isZero();
        }
        assertThat(h.post("/info", "{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":4,\"mantissa\":2}").status())
                .isEqualTo(422);
    }

    @Test
    void aPositionTpslOfSizeZeroCoversTheWholePosition() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.003", Tif.IOC, null));
        pog.hyperliquid.wire.OrderWire stop = new pog.hyperliquid.wire.OrderWire(BTC, false, "50000", "0", true,
                new pog.hyperliquid.wire.OrderTypeWire.Trigger(true, "55000", pog.hyperliquid.wire.Tpsl.SL), null);
        JsonNode r = h.ok(h.alice, pog.hyperliquid.wire.Actions.order(java.util.List.of(stop),
                pog.hyperliquid.wire.Grouping.POSITION_TPSL));
        assertThat(r.at("/response/data/statuses/0/resting/oid").isIntegralNumber()).as(r.toString()).isTrue();
        JsonNode open = h.info("{\"type\":\"frontendOpenOrders\",\"user\":\"" + h.alice() + "\"}");
        assertThat(open.at("/0/sz").asText()).isEqualTo("0.003");
        assertThat(open.at("/0/isPositionTpsl").asBoolean()).isTrue();
    }

    @Test
    void aPositionTpslFollowsThePositionAsItGrowsAndShrinksAndGoesWhenItCloses() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.003", Tif.IOC, null));
        pog.hyperliquid.wire.OrderWire stop = new pog.hyperliquid.wire.OrderWire(BTC, false, "50000", "0", true,
                new pog.hyperliquid.wire.OrderTypeWire.Trigger(true, "55000", pog.hyperliquid.wire.Tpsl.SL), null);
        long oid = h.ok(h.alice, pog.hyperliquid.wire.Actions.order(java.util.List.of(stop),
                pog.hyperliquid.wire.Grouping.POSITION_TPSL)).at("/response/data/statuses/0/resting/oid").asLong();
        String openOrders = "{\"type\":\"frontendOpenOrders\",\"user\":\"" + h.alice() + "\"}";

        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.004", Tif.IOC, null));
        assertThat(h.info(openOrders).at("/0/sz").asText()).isEqualTo("0.007");
        assertThat(h.info(openOrders).at("/0/oid").asLong()).isEqualTo(oid); // the same order, resized

        h.ok(h.alice, SimHarness.limit(BTC, false, "59000", "0.005", Tif.IOC, null));
        assertThat(h.info(openOrders).at("/0/sz").asText()).isEqualTo("0.002");

        h.ok(h.alice, SimHarness.limit(BTC, false, "59000", "0.002", Tif.IOC, null));
        assertThat(h.info(openOrders)).isEmpty();
    }

    @Test
    void aPositionTpslClosesTheWholePositionEvenAfterItGrew() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.003", Tif.IOC, null));
        pog.hyperliquid.wire.OrderWire stop = new pog.hyperliquid.wire.OrderWire(BTC, false, "50000", "0", true,
                new pog.hyperliquid.wire.OrderTypeWire.Trigger(true, "55000", pog.hyperliquid.wire.Tpsl.SL), null);
        h.ok(h.alice, pog.hyperliquid.wire.Actions.order(java.util.List.of(stop),
                pog.hyperliquid.wire.Grouping.POSITION_TPSL));
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.005", Tif.IOC, null));

        h.jump("BTC", "54900");

        assertThat(h.info("{\"type\":\"clearinghouseState\",\"user\":\"" + h.alice() + "\"}")
                .get("assetPositions")).isEmpty();
    }
}
