package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.CancelByCloidWire;
import pog.hyperliquid.wire.CancelWire;
import pog.hyperliquid.wire.Cloid;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.ModifyWire;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

class ExchangeEndpointTest extends HyperliquidSimTest {
    @Test
    void restingOrderAnswersRestingWithOidAndCloid() {
        Cloid cloid = Cloid.fromClientOrderId("entry-1");
        JsonNode r = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, "entry-1"));
        JsonNode status = r.at("/response/data/statuses/0/resting");
        assertThat(r.at("/response/type").asText()).isEqualTo("order");
        assertThat(status.get("oid").isIntegralNumber()).isTrue();
        assertThat(status.get("cloid").asText()).isEqualTo(cloid.toString());
        assertThat(status.size()).isEqualTo(2);
    }

    @Test
    void marketableIocAnswersFilledAtTheBestAsk() {
        JsonNode r = h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.002", Tif.IOC, null));
        JsonNode filled = r.at("/response/data/statuses/0/filled");
        assertThat(filled.get("totalSz").asText()).isEqualTo("0.002");
        assertThat(filled.get("avgPx").asText()).isEqualTo("60001.0"); // the book's best ask, one step above the mark
        assertThat(filled.get("oid").isIntegralNumber()).isTrue();
        assertThat(filled.has("cloid")).isFalse();
    }

    @Test
    void iocThatCannotFillIsAnOrderError() {
        JsonNode r = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.IOC, null));
        assertThat(r.at("/response/data/statuses/0/error").asText())
                .isEqualTo("Order could not immediately match against any resting orders. asset=0");
    }

    @Test
    void postOnlyThatWouldCrossIsRefusedWithTheBbo() {
        JsonNode r = h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.001", Tif.ALO, null));
        assertThat(r.at("/response/data/statuses/0/error").asText())
                .startsWith("Post only order would have immediately matched, bbo was ").endsWith(". asset=0");
    }

    @Test
    void cancelByOidAnswersSuccessThenNeverPlaced() {
        long oid = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null))
                .at("/response/data/statuses/0/resting/oid").asLong();
        JsonNode first = h.ok(h.alice, Actions.cancel(List.of(new CancelWire(BTC, oid))));
        assertThat(first.toString()).isEqualTo(
                "{\"status\":\"ok\",\"response\":{\"type\":\"cancel\",\"data\":{\"statuses\":[\"success\"]}}}");
        JsonNode second = h.ok(h.alice, Actions.cancel(List.of(new CancelWire(BTC, oid))));
        assertThat(second.at("/response/data/statuses/0/error").asText())
                .isEqualTo("Order was never placed, already canceled, or filled. asset=0");
    }

    @Test
    void cancelByCloidFindsTheOrder() {
        h.ok(h.alice, SimHarness.limit(BTC, false, "61000", "0.001", Tif.GTC, "tp-7"));
        JsonNode r = h.ok(h.alice, Actions.cancelByCloid(List.of(
                new CancelByCloidWire(BTC, Cloid.fromClientOrderId("tp-7")))));
        assertThat(r.at("/response/data/statuses/0").asText()).isEqualTo("success");
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size()).isZero();
    }

    @Test
    void sameCloidTwiceNeverMakesTwoOrdersAndTheFirstStaysFindable() {
        JsonNode first = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, "once"));
        long oid = first.at("/response/data/statuses/0/resting/oid").asLong();
        JsonNode again = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, "once"));
        assertThat(again.at("/response/data/statuses/0/error").asText()).isEqualTo("Duplicate cloid. asset=0");
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size()).isEqualTo(1);
        JsonNode status = h.info("{\"type\":\"orderStatus\",\"user\":\"" + h.alice() + "\",\"oid\":\""
                + Cloid.fromClientOrderId("once") + "\"}");
        assertThat(status.get("status").asText()).isEqualTo("order");
        assertThat(status.at("/order/order/oid").asLong()).isEqualTo(oid);
        assertThat(status.at("/order/status").asText()).isEqualTo("open");
    }

    @Test
    void batchModifyReplacesTheOrderAndKeepsItsCloid() {
        Cloid cloid = Cloid.fromClientOrderId("mod");
        long oid = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, "mod"))
                .at("/response/data/statuses/0/resting/oid").asLong();
        OrderWire replacement = new OrderWire(BTC, true, "58000", "0.002", false, new OrderTypeWire.Limit(Tif.GTC),
                cloid);
        JsonNode r = h.ok(h.alice, Actions.batchModify(List.of(ModifyWire.byOid(oid, replacement))));
        JsonNode resting = r.at("/response/data/statuses/0/resting");
        assertThat(resting.get("oid").asLong()).isNotEqualTo(oid);
        assertThat(resting.get("cloid").asText()).isEqualTo(cloid.toString());
        JsonNode open = h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}");
        assertThat(open.size()).isEqualTo(1);
        assertThat(open.get(0).get("limitPx").asText()).isEqualTo("58000.0");
        assertThat(open.get(0).get("sz").asText()).isEqualTo("0.002");
        JsonNode byCloid = h.info("{\"type\":\"orderStatus\",\"user\":\"" + h.alice() + "\",\"oid\":\"" + cloid + "\"}");
        assertThat(byCloid.at("/order/order/oid").asLong()).isEqualTo(resting.get("oid").asLong());
    }

    @Test
    void singleModifyAnswersDefault() {
        long oid = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null))
                .at("/response/data/statuses/0/resting/oid").asLong();
        com.fasterxml.jackson.databind.node.ObjectNode modify = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        modify.put("type", "modify");
        modify.put("oid", oid);
        modify.set("order", new OrderWire(BTC, true, "58500", "0.001", false, new OrderTypeWire.Limit(Tif.GTC), null)
                .toJson());
        assertThat(h.ok(h.alice, modify).toString()).isEqualTo("{\"status\":\"ok\",\"response\":{\"type\":\"default\"}}");
        JsonNode missing = h.exchange(h.alice, modify).json();
        assertThat(missing.toString()).isEqualTo(
                "{\"status\":\"err\",\"response\":\"Cannot modify canceled or filled order\"}");
    }

    @Test
    void updateLeverageAnswersDefaultAndShowsInThePosition() {
        assertThat(h.ok(h.alice, Actions.updateLeverage(BTC, true, 10)).toString())
                .isEqualTo("{\"status\":\"ok\",\"response\":{\"type\":\"default\"}}");
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        JsonNode state = h.info("{\"type\":\"clearinghouseState\",\"user\":\"" + h.alice() + "\"}");
        assertThat(state.at("/assetPositions/0/position/leverage").toString())
                .isEqualTo("{\"type\":\"cross\",\"value\":10}");
        assertThat(state.at("/assetPositions/0/position/marginUsed").asText()).isEqualTo("60.0");
        JsonNode tooHigh = h.exchange(h.alice, Actions.updateLeverage(BTC, true, 41)).json();
        assertThat(tooHigh.get("status").asText()).isEqualTo("err");
    }

    @Test
    void stopFiresOnTheMarkAndUserFillsShowsTheFill() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        JsonNode placed = h.ok(h.alice, Actions.order(List.of(SimHarness.stop(BTC, false, "59000", "0.01", false)),
                Grouping.NA));
        assertThat(placed.at("/response/data/statuses/0/resting/oid").isIntegralNumber()).isTrue();
        JsonNode front = h.info("{\"type\":\"frontendOpenOrders\",\"user\":\"" + h.alice() + "\"}");
        assertThat(front.get(0).get("orderType").asText()).isEqualTo("Stop Market");
        assertThat(front.get(0).get("triggerCondition").asText()).isEqualTo("Price below 59000");
        assertThat(front.get(0).get("isTrigger").asBoolean()).isTrue();

        h.jump("BTC", "58900");

        JsonNode fills = h.info("{\"type\":\"userFills\",\"user\":\"" + h.alice() + "\"}");
        assertThat(fills.size()).isEqualTo(2);
        JsonNode close = fills.get(0);
        assertThat(close.get("dir").asText()).isEqualTo("Close Long");
        assertThat(close.get("side").asText()).isEqualTo("A");
        assertThat(close.get("px").asText()).isEqualTo("58899.0"); // the best bid around the new mark
        assertThat(close.get("startPosition").asText()).isEqualTo("0.01");
        assertThat(close.get("closedPnl").asText()).isEqualTo("-11.02"); // bought at the ask 60001
        assertThat(close.get("crossed").asBoolean()).isTrue();
        assertThat(h.info("{\"type\":\"clearinghouseState\",\"user\":\"" + h.alice() + "\"}")
                .get("assetPositions").size()).isZero();
    }

    @Test
    void normalTpslChildrenWaitForTheirParent() {
        OrderWire entry = new OrderWire(BTC, true, "59500", "0.01", false, new OrderTypeWire.Limit(Tif.GTC), null);
        JsonNode r = h.ok(h.alice, Actions.order(List.of(entry, SimHarness.stop(BTC, false, "58000", "0.01", false),
                SimHarness.stop(BTC, false, "62000", "0.01", true)), Grouping.NORMAL_TPSL));
        assertThat(r.at("/response/data/statuses/1").asText()).isEqualTo("waitingForFill");
        assertThat(r.at("/response/data/statuses/2").asText()).isEqualTo("waitingForFill");
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size()).isEqualTo(1);

        h.jump("BTC", "59400");

        JsonNode open = h.info("{\"type\":\"frontendOpenOrders\",\"user\":\"" + h.alice() + "\"}");
        assertThat(open).extracting(o -> o.get("orderType").asText())
                .containsExactlyInAnyOrder("Stop Market", "Take Profit Market");
    }

    @Test
    void scheduleCancelNeedsFiveSecondsLead() {
        JsonNode early = h.exchange(h.alice, Actions.scheduleCancel(SimHarness.T0 + 4_000)).json();
        assertThat(early.get("status").asText()).isEqualTo("err");
        assertThat(h.ok(h.alice, Actions.scheduleCancel(SimHarness.T0 + 5_000)).toString())
                .isEqualTo("{\"status\":\"ok\",\"response\":{\"type\":\"default\"}}");
        assertThat(h.ok(h.alice, Actions.scheduleCancel(null)).toString())
                .isEqualTo("{\"status\":\"ok\",\"response\":{\"type\":\"default\"}}");
    }
}
