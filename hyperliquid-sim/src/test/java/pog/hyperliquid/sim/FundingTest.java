package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Tif;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** Hourly funding: a long pays szi * mark * rate each hour; the payment shows in userFunding and cumFunding. */
class FundingTest extends HyperliquidSimTest {
    private JsonNode state() {
        return h.info("{\"type\":\"clearinghouseState\",\"user\":\"" + h.alice() + "\"}");
    }

    @Test
    void aLongPaysFundingEveryHourAndSeesIt() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        BigDecimal before = new BigDecimal(state().at("/marginSummary/accountValue").asText());
        assertThat(h.info("{\"type\":\"userFunding\",\"user\":\"" + h.alice() + "\",\"startTime\":0}")).isEmpty();

        h.clock.advance(Duration.ofHours(1));
        h.jump("BTC", "60000"); // the next tick settles the hour

        JsonNode funding = h.info("{\"type\":\"userFunding\",\"user\":\"" + h.alice() + "\",\"startTime\":0}");
        assertThat(funding).hasSize(1);
        JsonNode delta = funding.get(0).get("delta");
        assertThat(delta.get("type").asText()).isEqualTo("funding");
        assertThat(delta.get("coin").asText()).isEqualTo("BTC");
        assertThat(delta.get("szi").asText()).isEqualTo("0.01");
        assertThat(delta.get("fundingRate").asText()).isEqualTo("0.0000125");
        assertThat(new BigDecimal(delta.get("usdc").asText())).isEqualByComparingTo("-0.0075"); // 0.01 * 60000 * rate
        assertThat(funding.get(0).get("time").asLong()).isEqualTo(SimHarness.T0 + 3_600_000L);

        JsonNode after = state();
        assertThat(new BigDecimal(after.at("/marginSummary/accountValue").asText()))
                .isEqualByComparingTo(before.subtract(new BigDecimal("0.0075")));
        assertThat(after.at("/assetPositions/0/position/cumFunding/allTime").asText()).isEqualTo("0.0075");

        JsonNode history = h.info("{\"type\":\"fundingHistory\",\"coin\":\"BTC\",\"startTime\":0}");
        assertThat(history).hasSize(1);
        assertThat(history.at("/0/fundingRate").asText()).isEqualTo("0.0000125");
        assertThat(history.at("/0/premium").asText()).isEqualTo("0.0");

        h.jump("BTC", "60010"); // the same hour is never paid twice
        assertThat(h.info("{\"type\":\"userFunding\",\"user\":\"" + h.alice() + "\",\"startTime\":0}")).hasSize(1);
    }
}
