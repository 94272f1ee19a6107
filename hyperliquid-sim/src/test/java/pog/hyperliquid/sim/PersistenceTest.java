package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;
import static pog.hyperliquid.sim.SimHarness.ETH;

/** Stopping the simulator and opening the same data directory again changes nothing a client can see. */
class PersistenceTest {
    @TempDir
    Path dir;

    private static String[] queries(String user) {
        return new String[]{
                "{\"type\":\"clearinghouseState\",\"user\":\"" + user + "\"}",
                "{\"type\":\"openOrders\",\"user\":\"" + user + "\"}",
                "{\"type\":\"frontendOpenOrders\",\"user\":\"" + user + "\"}",
                "{\"type\":\"userFills\",\"user\":\"" + user + "\"}",
                "{\"type\":\"allMids\"}",
                "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"1m\",\"startTime\":0}}"};
    }

    @Test
    void reopenedSimulatorAnswersExactlyAsBefore() {
        ManualClock clock = new ManualClock(SimHarness.T0);
        List<String> before = new java.util.ArrayList<>();
        long usedNonce;
        String user;
        try (SimHarness h = new SimHarness(dir, clock)) {
            user = h.alice();
            h.ok(h.alice, Actions.updateLeverage(BTC, true, 8));
            h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
            h.ok(h.alice, Actions.order(List.of(SimHarness.stop(BTC, false, "57000", "0.01", false)), Grouping.NA));
            h.ok(h.alice, SimHarness.limit(ETH, true, "2900", "0.5", Tif.GTC, "eth-bid"));
            h.ok(h.alice, Actions.order(List.of(
                    new OrderWire(ETH, true, "2800", "0.1", false, new OrderTypeWire.Limit(Tif.GTC), null),
                    SimHarness.stop(ETH, false, "2700", "0.1", false)), Grouping.NORMAL_TPSL));
            h.ok(h.alice, Actions.scheduleCancel(SimHarness.T0 + 60_000));
            clock.advanceMillis(1_000);
            h.sim().exchange().step();
            usedNonce = h.nextNonce();
            h.exchange(h.alice, SimHarness.limit(BTC, true, "50000", "0.001", Tif.GTC, null), usedNonce);
            for (String q : queries(user)) {
                before.add(h.info(q).toString());
            }
        }
        try (SimHarness h = new SimHarness(dir, clock)) {
            h.noncesAfter(usedNonce + 1);
            for (int i = 0; i < queries(user).length; i++) {
                assertThat(h.info(queries(user)[i]).toString()).as(queries(user)[i]).isEqualTo(before.get(i));
            }
            JsonNode reused = h.exchange(h.alice, SimHarness.limit(BTC, true, "50000", "0.001", Tif.GTC, null),
                    usedNonce).json();
            assertThat(reused.get("response").asText()).isEqualTo("Invalid nonce: duplicate nonce " + usedNonce);
            JsonNode dup = h.ok(h.alice, SimHarness.limit(ETH, true, "2900", "0.5", Tif.GTC, "eth-bid"));
            assertThat(dup.at("/response/data/statuses/0/error").asText()).isEqualTo("Duplicate cloid. asset=1");

            // The tp/sl child still waits for its parent, and the scheduled cancel still fires on time.
            h.jump("ETH", "2799.9");
            JsonNode open = h.info("{\"type\":\"frontendOpenOrders\",\"user\":\"" + user + "\"}");
            assertThat(open).extracting(o -> o.get("orderType").asText()).contains("Stop Market");
            clock.advanceMillis(60_000);
            h.sim().exchange().step();
            assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + user + "\"}").size()).isZero();
        }
    }
}
