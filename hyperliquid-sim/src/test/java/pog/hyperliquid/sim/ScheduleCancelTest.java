package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Tif;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** The dead man's switch, driven by a hand-moved clock and feed steps. */
class ScheduleCancelTest extends HyperliquidSimTest {
    private int openOrders() {
        return h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size();
    }

    @Test
    void cancelsEveryOpenOrderAtItsTimeAndNotBefore() {
        long oid = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null))
                .at("/response/data/statuses/0/resting/oid").asLong();
        h.ok(h.alice, SimHarness.limit(BTC, false, "61000", "0.001", Tif.GTC, null));
        h.ok(h.bob, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null));
        h.ok(h.alice, Actions.scheduleCancel(SimHarness.T0 + 10_000));

        h.clock.advanceMillis(9_999);
        h.sim().exchange().step();
        assertThat(openOrders()).isEqualTo(2);

        h.clock.advanceMillis(1);
        h.sim().exchange().step();
        assertThat(openOrders()).isZero();
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.bob.signerAddress() + "\"}").size()).isEqualTo(1);
        JsonNode status = h.info("{\"type\":\"orderStatus\",\"user\":\"" + h.alice() + "\",\"oid\":" + oid + "}");
        assertThat(status.at("/order/status").asText()).isEqualTo("scheduledCancel");
    }

    @Test
    void clearingTheTimeKeepsTheOrders() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null));
        h.ok(h.alice, Actions.scheduleCancel(SimHarness.T0 + 10_000));
        h.ok(h.alice, Actions.scheduleCancel(null));
        h.clock.advanceMillis(20_000);
        h.sim().exchange().step();
        assertThat(openOrders()).isEqualTo(1);
    }

    @Test
    void firesAtMostTenTimesPerDay() {
        for (int i = 0; i < ExchangeApi.SCHEDULE_MAX_PER_DAY; i++) {
            h.ok(h.alice, Actions.scheduleCancel(h.clock.millis() + 5_000));
            h.clock.advanceMillis(5_000);
            h.sim().runDueSchedules();
        }
        JsonNode eleventh = h.exchange(h.alice, Actions.scheduleCancel(h.clock.millis() + 5_000)).json();
        assertThat(eleventh.get("status").asText()).isEqualTo("err");
        assertThat(eleventh.get("response").asText()).contains("10 per day");

        h.clock.advanceMillis(86_400_000L);
        assertThat(h.ok(h.alice, Actions.scheduleCancel(h.clock.millis() + 5_000)).get("status").asText())
                .isEqualTo("ok");
    }
}
