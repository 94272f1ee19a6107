package pog.hyperliquid.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hyperliquid's documented request weights, which the client charges against its rate limiter. */
class RequestWeightsTest {
    @Test
    void weightsAreHyperliquids() {
        assertThat(HyperliquidRest.infoWeight("allMids")).isEqualTo(2);
        assertThat(HyperliquidRest.infoWeight("orderStatus")).isEqualTo(2);
        assertThat(HyperliquidRest.infoWeight("clearinghouseState")).isEqualTo(2);
        assertThat(HyperliquidRest.infoWeight("l2Book")).isEqualTo(2);
        assertThat(HyperliquidRest.infoWeight("meta")).isEqualTo(20);
        assertThat(HyperliquidRest.infoWeight("frontendOpenOrders")).isEqualTo(20);
        assertThat(HyperliquidRest.infoWeight("userRole")).isEqualTo(60);
        assertThat(HyperliquidRest.extraWeight("userFillsByTime", 2000)).isEqualTo(100);
        assertThat(HyperliquidRest.extraWeight("candleSnapshot", 120)).isEqualTo(2);
        assertThat(HyperliquidRest.extraWeight("meta", 500)).isZero();
        assertThat(HyperliquidRest.exchangeWeight(1)).isEqualTo(1);
        assertThat(HyperliquidRest.exchangeWeight(79)).isEqualTo(2);
    }
}
