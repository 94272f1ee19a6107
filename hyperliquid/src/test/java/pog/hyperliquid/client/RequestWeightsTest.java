package pog.hyperliquid.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hyperliquid's documented request weights, which the client charges against its rate limiter. */
class RequestWeightsTest {
    @Test
    void weightsAreHyperliquids() {
        assertThat(RestClient.infoWeight("allMids")).isEqualTo(2);
        assertThat(RestClient.infoWeight("orderStatus")).isEqualTo(2);
        assertThat(RestClient.infoWeight("clearinghouseState")).isEqualTo(2);
        assertThat(RestClient.infoWeight("l2Book")).isEqualTo(2);
        assertThat(RestClient.infoWeight("meta")).isEqualTo(20);
        assertThat(RestClient.infoWeight("frontendOpenOrders")).isEqualTo(20);
        assertThat(RestClient.infoWeight("userRole")).isEqualTo(60);
        assertThat(RestClient.extraWeight("userFillsByTime", 2000)).isEqualTo(100);
        assertThat(RestClient.extraWeight("candleSnapshot", 120)).isEqualTo(2);
        assertThat(RestClient.extraWeight("meta", 500)).isZero();
        assertThat(RestClient.exchangeWeight(1)).isEqualTo(1);
        assertThat(RestClient.exchangeWeight(79)).isEqualTo(2);
    }
}
