package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarketAndCursorTest {
    private final Market btc = new Market("BTC", 0, 5, 40);
    private final Market doge = new Market("DOGE", 7, 0, 10);

    @Test
    void theTickIsTheFiveSignificantFigureStepAtTheReferencePriceCappedByDecimalsAndAtOne() {
        assertThat(btc.tickSize(new BigDecimal("65000"))).isEqualByComparingTo("1");
        assertThat(btc.tickSize(new BigDecimal("105000"))).isEqualByComparingTo("1"); // integers always pass
        assertThat(btc.tickSize(new BigDecimal("650.5"))).isEqualByComparingTo("0.1"); // 6 - 5 decimals
        assertThat(doge.tickSize(new BigDecimal("0.123456"))).isEqualByComparingTo("0.00001");
        assertThat(doge.tickSize(new BigDecimal("0.0123456"))).isEqualByComparingTo("0.000001"); // 6 - 0 decimals
        assertThat(btc.lotSize()).isEqualByComparingTo("0.00001");
    }

    @Test
    void pricesAreRoundedOnlyWhenTheRulesDemandItAndThenTheWayAsked() {
        assertThat(btc.price(new BigDecimal("65000"), RoundingMode.FLOOR)).isEqualByComparingTo("65000");
        assertThat(btc.price(new BigDecimal("65000.7"), RoundingMode.FLOOR)).isEqualByComparingTo("65000");
        assertThat(btc.price(new BigDecimal("65000.2"), RoundingMode.CEILING)).isEqualByComparingTo("65001");
        assertThat(doge.price(new BigDecimal("0.1234567"), RoundingMode.CEILING)).isEqualByComparingTo("0.12346");
    }

    @Test
    void cursorsOrderFillsByTimeThenTidAndTheStreamDeliversEachOnce() throws Exception {
        JsonNode a = fill(2000, 7);
        JsonNode b = fill(1000, 9);
        JsonNode c = fill(1000, 3);
        List<FillCursors.Ranked> ranked = FillCursors.rank(List.of(a, b, c));
        assertThat(ranked).extracting(FillCursors.Ranked::cursor).containsExactly(1_000_000L, 1_000_001L, 2_000_000L);
        assertThat(ranked.get(0).fill().get("tid").asLong()).isEqualTo(3);
        assertThat(FillCursors.startTime(1_000_001L)).isEqualTo(1000);

        FillCursors stream = new FillCursors(0);
        assertThat(stream.accept(List.of(b, c))).extracting(FillCursors.Ranked::cursor)
                .containsExactly(1_000_000L, 1_000_001L);
        assertThat(stream.accept(List.of(a, b, c))).extracting(FillCursors.Ranked::cursor).containsExactly(2_000_000L);
        assertThat(stream.accept(List.of(a))).isEmpty();
        assertThat(stream.lastTime()).isEqualTo(2000);
    }

    private static JsonNode fill(long time, long tid) throws Exception {
        return HyperliquidRest.JSON.readTree("{\"coin\":\"BTC\",\"px\":\"1\",\"sz\":\"1\",\"side\":\"B\",\"time\":" + time
                + ",\"hash\":\"0x00\",\"oid\":1,\"tid\":" + tid + "}");
    }
}
