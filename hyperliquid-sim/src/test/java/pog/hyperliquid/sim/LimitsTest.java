package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Tif;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** The venue's limits: the per-IP weight budget (HTTP 429), scheduleCancel's volume gate, the address budget. */
class LimitsTest {
    @TempDir
    Path dir;
    SimHarness h;

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void anIpThatSpentItsWeightIsAnswered429UntilTheBudgetRefills() {
        h = new SimHarness(dir, new ManualClock(SimHarness.T0), SimHarness.config().withIpWeightPerMinute(1200));
        String meta = "{\"type\":\"meta\"}"; // weight 20
        for (int i = 0; i < 60; i++) {
            assertThat(h.post("/info", meta).status()).as("request %d", i).isEqualTo(200);
        }
        SimHarness.Answer refused = h.post("/info", meta);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(h.post("/info", "{\"type\":\"allMids\"}").status()).as("weight 2 does not fit either").isEqualTo(429);
        h.clock.advance(Duration.ofSeconds(1)); // 20 weight back
        assertThat(h.post("/info", meta).status()).isEqualTo(200);
        assertThat(h.post("/info", meta).status()).isEqualTo(429);
    }

    @Test
    void scheduleCancelNeedsAMillionTradedForSetAndClearAlike() {
        h = new SimHarness(dir, new ManualClock(SimHarness.T0),
                SimHarness.config().withScheduleCancelMinVolume(new BigDecimal("1000000")));
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        JsonNode set = h.exchange(h.alice, Actions.scheduleCancel(SimHarness.T0 + 60_000)).json();
        assertThat(set.get("status").asText()).isEqualTo("err");
        assertThat(set.get("response").asText()).matches("Cannot set scheduled cancel time until enough volume "
                + "traded\\. Required: \\$1000000\\. Traded: \\$6\\d\\d(\\.\\d{1,2})?\\.");
        JsonNode clear = h.exchange(h.alice, Actions.scheduleCancel(null)).json();
        assertThat(clear.get("response").asText()).startsWith("Cannot set scheduled cancel time until enough volume");
    }

    @Test
    void anAddressOverItsRequestBudgetGetsOneRequestPer10Seconds() {
        h = new SimHarness(dir);
        for (int i = 0; i < 10_000; i++) {
            h.sim().countRequests(h.alice(), 1); // as if 10,000 requests had been made
        }
        JsonNode allowed = h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null));
        assertThat(allowed.at("/response/data/statuses/0/resting").isObject()).isTrue();
        JsonNode refused = h.exchange(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null)).json();
        assertThat(refused.get("status").asText()).isEqualTo("err");
        assertThat(refused.get("response").asText()).startsWith("Too many cumulative requests sent (10002 > 10000)"
                + " for cumulative volume traded $0.00. Place taker orders to free up 1 request per USDC traded.");
        h.clock.advance(Duration.ofSeconds(10));
        h.noncesAfter(h.clock.millis());
        assertThat(h.exchange(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null)).json()
                .get("status").asText()).isEqualTo("ok");
        assertThat(h.info("{\"type\":\"userRateLimit\",\"user\":\"" + h.alice() + "\"}").get("nRequestsUsed").asLong())
                .isEqualTo(10_002);
    }
}
