package pog.trader.strategy;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class EmaTrendTest {
    private static Signal feed(EmaTrend s, double... prices) {
        Signal last = Signal.NONE;
        for (double p : prices) {
            last = s.onBar("BTC", BigDecimal.valueOf(p), 0);
        }
        return last;
    }

    @Test
    void saysNothingUntilTheSlowAverageIsWarm() {
        EmaTrend s = new EmaTrend(2, 5, 0);
        assertThat(feed(s, 100, 101, 102, 103)).isEqualTo(Signal.NONE);
        assertThat(feed(s, 104)).isEqualTo(Signal.LONG);
    }

    @Test
    void risingPricesAreLongFallingAreShort() {
        EmaTrend s = new EmaTrend(3, 8, 1);
        assertThat(feed(s, 100, 100.5, 101, 101.5, 102, 102.5, 103, 103.5, 104)).isEqualTo(Signal.LONG);
        assertThat(feed(s, 103, 102, 101, 100, 99, 98, 97)).isEqualTo(Signal.SHORT);
    }

    @Test
    void flatPricesAreNoTrend() {
        EmaTrend s = new EmaTrend(3, 8, 1);
        assertThat(feed(s, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100)).isEqualTo(Signal.NONE);
    }

    @Test
    void symbolsAreIndependent() {
        EmaTrend s = new EmaTrend(2, 4, 0);
        for (int i = 0; i < 6; i++) {
            s.onBar("BTC", BigDecimal.valueOf(100 + i), 0);
            s.onBar("ETH", BigDecimal.valueOf(100 - i), 0);
        }
        assertThat(s.onBar("BTC", BigDecimal.valueOf(107), 0)).isEqualTo(Signal.LONG);
        assertThat(s.onBar("ETH", BigDecimal.valueOf(93), 0)).isEqualTo(Signal.SHORT);
    }
}
