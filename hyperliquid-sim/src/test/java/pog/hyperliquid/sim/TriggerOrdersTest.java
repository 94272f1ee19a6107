package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;
import pog.hyperliquid.wire.Tpsl;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** Trigger entries (r false), trigger limits (isMarket false) and the tp/sl direction rules, BTC at 60,000. */
class TriggerOrdersTest extends HyperliquidSimTest {
    private static JsonNode trigger(boolean buy, String px, String sz, boolean reduceOnly, boolean isMarket,
                                    String triggerPx, Tpsl tpsl) {
        return Actions.order(List.of(new OrderWire(BTC, buy, px, sz, reduceOnly,
                new OrderTypeWire.Trigger(isMarket, triggerPx, tpsl), null)), Grouping.NA);
    }

    private long place(JsonNode action) {
        JsonNode status = h.ok(h.alice, (com.fasterxml.jackson.databind.node.ObjectNode) action)
                .at("/response/data/statuses/0");
        assertThat(status.has("resting")).as(status.toString()).isTrue();
        return status.at("/resting/oid").asLong();
    }

    private String size() {
        JsonNode positions = h.info("{\"type\":\"clearinghouseState\",\"user\":\"" + h.alice() + "\"}")
                .get("assetPositions");
        return positions.isEmpty() ? "0" : positions.get(0).at("/position/szi").asText();
    }

    private String orderStatus(long oid) {
        return h.info("{\"type\":\"orderStatus\",\"user\":\"" + h.alice() + "\",\"oid\":" + oid + "}")
                .at("/order/status").asText();
    }

    @Test
    void aStopBuyWithoutReduceOnlyIsABreakoutEntry() {
        place(trigger(true, "60500", "0.01", false, true, "60500", Tpsl.SL));
        JsonNode front = h.info("{\"type\":\"frontendOpenOrders\",\"user\":\"" + h.alice() + "\"}").get(0);
        assertThat(front.get("reduceOnly").asBoolean()).isFalse();
        assertThat(front.get("orderType").asText()).isEqualTo("Stop Market");
        assertThat(front.get("triggerCondition").asText()).isEqualTo("Price above 60500");

        h.jump("BTC", "60400");
        assertThat(size()).isEqualTo("0");
        h.jump("BTC", "60500");

        assertThat(size()).isEqualTo("0.01");
        JsonNode fill = h.info("{\"type\":\"userFills\",\"user\":\"" + h.alice() + "\"}").get(0);
        assertThat(fill.get("dir").asText()).isEqualTo("Open Long");
        assertThat(fill.get("px").asText()).isEqualTo("60501.0"); // the best ask around the new mark
    }

    @Test
    void aTakeProfitBuyWithoutReduceOnlyBuysWhenTheMarkFalls() {
        place(trigger(true, "59500", "0.01", false, true, "59500", Tpsl.TP));

        h.jump("BTC", "60500");
        assertThat(size()).isEqualTo("0");
        h.jump("BTC", "59500");

        assertThat(size()).isEqualTo("0.01");
    }

    @Test
    void aStopLimitTheMarkGapsThroughRestsAtItsLimitUntilTheMarkComesBack() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        long oid = place(trigger(false, "58950", "0.01", true, false, "59000", Tpsl.SL));
        assertThat(h.info("{\"type\":\"frontendOpenOrders\",\"user\":\"" + h.alice() + "\"}").get(0)
                .get("orderType").asText()).isEqualTo("Stop Limit");

        h.jump("BTC", "58000"); // fires; the bids around 58000 are all below the limit 58950

        assertThat(size()).isEqualTo("0.01");
        assertThat(orderStatus(oid)).isEqualTo("triggered");
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}")).hasSize(1);

        h.jump("BTC", "58960"); // the mark comes back to the limit: it fills there, as a maker

        assertThat(size()).isEqualTo("0");
        JsonNode close = h.info("{\"type\":\"userFills\",\"user\":\"" + h.alice() + "\"}").get(0);
        assertThat(close.get("px").asText()).isEqualTo("58950.0");
        assertThat(close.get("crossed").asBoolean()).isFalse();
        assertThat(orderStatus(oid)).isEqualTo("filled");
    }

    @Test
    void aStopMarketFiresAtTheBookWhateverItsPriceSays() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        place(trigger(false, "58950", "0.01", true, true, "59000", Tpsl.SL));

        h.jump("BTC", "58000");

        assertThat(size()).isEqualTo("0");
        JsonNode close = h.info("{\"type\":\"userFills\",\"user\":\"" + h.alice() + "\"}").get(0);
        assertThat(close.get("px").asText()).isEqualTo("57999.0");
    }

    @Test
    void aTakeProfitSellFiresOnlyWhenTheMarkRisesToIt() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        place(trigger(false, "61000", "0.01", true, true, "61000", Tpsl.TP));

        h.jump("BTC", "59000");
        assertThat(size()).isEqualTo("0.01");
        h.jump("BTC", "60900");
        assertThat(size()).isEqualTo("0.01");
        h.jump("BTC", "61000");

        assertThat(size()).isEqualTo("0");
    }
}
