package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Tif;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** The info types the official SDKs call beyond trading, in the venue's shapes. */
class MoreInfoTypesTest extends HyperliquidSimTest {
    static final String NOBODY = "0x" + "d4".repeat(20);

    private JsonNode info(String type, String extra) {
        return h.info("{\"type\":\"" + type + "\",\"user\":\"" + h.alice() + "\"" + extra + "}");
    }

    @Test
    void historicalOrdersListsEveryOrderNewestFirstWithItsStatus() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, "hist-rest"));
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.001", Tif.IOC, "hist-fill"));
        JsonNode orders = info("historicalOrders", "");
        assertThat(orders.size()).isEqualTo(2);
        assertThat(orders.at("/0/status").asText()).isEqualTo("filled");
        assertThat(orders.at("/1/status").asText()).isEqualTo("open");
        assertThat(orders.at("/0/order/coin").asText()).isEqualTo("BTC");
        assertThat(orders.at("/0/statusTimestamp").isIntegralNumber()).isTrue();
        assertThat(h.info("{\"type\":\"historicalOrders\",\"user\":\"" + NOBODY + "\"}")).isEmpty();
    }

    @Test
    void userRoleRateLimitAndFeesDescribeTheAccount() {
        assertThat(info("userRole", "").toString()).isEqualTo("{\"role\":\"user\"}");
        assertThat(h.info("{\"type\":\"userRole\",\"user\":\"" + NOBODY + "\"}").toString())
                .isEqualTo("{\"role\":\"missing\"}");

        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, null));
        JsonNode limit = info("userRateLimit", "");
        assertThat(limit.get("nRequestsUsed").asLong()).isEqualTo(1);
        assertThat(limit.get("nRequestsCap").asLong()).isGreaterThan(10_000L + 590);
        assertThat(Double.parseDouble(limit.get("cumVlm").asText())).isGreaterThan(590);

        JsonNode fees = info("userFees", "");
        assertThat(fees.get("userCrossRate").asText()).isEqualTo("0.00045");
        assertThat(fees.get("userAddRate").asText()).isEqualTo("0.00015");
        assertThat(fees.get("dailyUserVlm").size()).isEqualTo(1);
        assertThat(fees.at("/feeSchedule/tiers/vip").isArray()).isTrue();
    }

    @Test
    void activeAssetDataSpotStateAndFundingListsAnswerInShape() {
        JsonNode asset = info("activeAssetData", ",\"coin\":\"BTC\"");
        assertThat(asset.get("coin").asText()).isEqualTo("BTC");
        assertThat(asset.get("markPx").asText()).isEqualTo("60000.0");
        // 10,000 USDC at leverage 5: 50,000 of buying power, 0.83333 BTC at 60,000
        assertThat(asset.at("/maxTradeSzs/0").asText()).isEqualTo("0.83333");
        assertThat(asset.at("/availableToTrade/0").asText()).isEqualTo("50000.0");

        assertThat(info("spotClearinghouseState", "").toString()).isEqualTo("{\"balances\":[]}");
        assertThat(info("userFunding", ",\"startTime\":0")).isEmpty();
        assertThat(h.info("{\"type\":\"fundingHistory\",\"coin\":\"BTC\",\"startTime\":0}")).isEmpty();
        JsonNode predicted = h.info("{\"type\":\"predictedFundings\"}");
        assertThat(predicted.at("/0/0").asText()).isEqualTo("BTC");
        assertThat(predicted.at("/0/1/0/1/fundingIntervalHours").asInt()).isEqualTo(1);
        assertThat(h.info("{\"type\":\"exchangeStatus\"}").has("specialStatuses")).isTrue();
        assertThat(info("extraAgents", "")).isEmpty();
        assertThat(info("portfolio", "").at("/0/0").asText()).isEqualTo("day");
    }
}
