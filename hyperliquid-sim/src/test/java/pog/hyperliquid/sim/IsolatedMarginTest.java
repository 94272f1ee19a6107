package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Tif;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** updateLeverage with isCross false, updateIsolatedMargin, and what clearinghouseState shows (BTC 60,000). */
class IsolatedMarginTest extends HyperliquidSimTest {
    private JsonNode state() {
        return h.info("{\"type\":\"clearinghouseState\",\"user\":\"" + h.alice() + "\"}");
    }

    private static ObjectNode updateIsolatedMargin(int asset, boolean isBuy, long ntli) {
        ObjectNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        a.put("type", "updateIsolatedMargin");
        a.put("asset", asset);
        a.put("isBuy", isBuy);
        a.put("ntli", ntli);
        return a;
    }

    private static BigDecimal d(JsonNode n) {
        return new BigDecimal(n.asText());
    }

    @Test
    void anIsolatedPositionShowsItsLeverageTypeRawUsdAndStaysOutOfTheCrossSummary() {
        h.ok(h.alice, Actions.updateLeverage(BTC, false, 3));
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null)); // fills at the ask 60001

        JsonNode s = state();
        JsonNode p = s.at("/assetPositions/0/position");
        assertThat(p.at("/leverage/type").asText()).isEqualTo("isolated");
        assertThat(p.at("/leverage/value").asInt()).isEqualTo(3);
        BigDecimal allocation = new BigDecimal("600.01").divide(BigDecimal.valueOf(3), 6, java.math.RoundingMode.HALF_UP);
        assertThat(d(p.at("/leverage/rawUsd"))).isEqualByComparingTo(allocation.subtract(new BigDecimal("600.01")));
        assertThat(d(p.get("marginUsed"))).isEqualByComparingTo(allocation.add(d(p.get("unrealizedPnl"))));
        assertThat(s.at("/crossMarginSummary/totalNtlPos").asText()).isEqualTo("0.0");
        assertThat(s.at("/crossMarginSummary/totalMarginUsed").asText()).isEqualTo("0.0");
        assertThat(d(s.at("/marginSummary/totalNtlPos"))).isPositive();
        // isolated at 3x: liquidated long before the cross account would be
        assertThat(d(p.get("liquidationPx"))).isGreaterThan(new BigDecimal("40000"));
        assertThat(d(s.get("withdrawable"))).isLessThan(new BigDecimal("10000").subtract(allocation));
    }

    @Test
    void updateIsolatedMarginMovesUsdcIntoThePositionAndItsLiquidationPriceAway() {
        h.ok(h.alice, Actions.updateLeverage(BTC, false, 3));
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        JsonNode before = state().at("/assetPositions/0/position");

        JsonNode r = h.ok(h.alice, updateIsolatedMargin(BTC, true, 100_000_000L)); // 100 USDC

        assertThat(r.toString()).isEqualTo("{\"status\":\"ok\",\"response\":{\"type\":\"default\"}}");
        JsonNode after = state().at("/assetPositions/0/position");
        assertThat(d(after.at("/leverage/rawUsd")).subtract(d(before.at("/leverage/rawUsd"))))
                .isEqualByComparingTo("100");
        assertThat(d(after.get("liquidationPx"))).isLessThan(d(before.get("liquidationPx")));
    }

    @Test
    void theModeCannotSwitchUnderAnOpenPositionAndCrossPositionsHaveNoIsolatedMargin() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        JsonNode cross = h.exchange(h.alice, updateIsolatedMargin(BTC, true, 1_000_000L)).json();
        assertThat(cross.get("status").asText()).isEqualTo("err");

        JsonNode r = h.exchange(h.alice, Actions.updateLeverage(BTC, false, 3)).json();

        assertThat(r.toString()).isEqualTo(
                "{\"status\":\"err\",\"response\":\"Cannot switch leverage type with open position.\"}");
        assertThat(state().at("/assetPositions/0/position/leverage/type").asText()).isEqualTo("cross");
    }

    @Test
    void anIsolatedPositionIsLiquidatedAloneAtItsLiquidationPrice() {
        h.ok(h.alice, Actions.updateLeverage(BTC, false, 10));
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        BigDecimal liq = d(state().at("/assetPositions/0/position/liquidationPx"));

        h.jump("BTC", liq.add(BigDecimal.TEN).toPlainString());
        assertThat(state().get("assetPositions")).hasSize(1);
        h.jump("BTC", liq.subtract(BigDecimal.TEN).toPlainString());

        assertThat(state().get("assetPositions")).isEmpty();
        assertThat(d(state().at("/marginSummary/accountValue"))).isGreaterThan(new BigDecimal("9300"));
    }
}
