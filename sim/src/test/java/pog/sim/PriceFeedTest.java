package pog.sim;

import pog.common.time.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pog.sim.Sim.d;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceFeedTest {
    @TempDir
    Path dir;

    private static List<Map<String, BigDecimal>> series(Exchange ex, int steps) {
        List<Map<String, BigDecimal>> marks = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            ex.step();
            marks.add(ex.marks());
        }
        return marks;
    }

    @Test
    void sameSeedAndSameStepCountGiveTheSameMarks() {
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange a = Sim.open(dir.resolve("a.db"), clock);
             Exchange b = Sim.open(dir.resolve("b.db"), clock)) {
            List<Map<String, BigDecimal>> first = series(a, 300);
            List<Map<String, BigDecimal>> second = series(b, 300);

            assertThat(second).isEqualTo(first);
            assertThat(first.get(299)).isNotEqualTo(first.get(0));
            assertThat(a.stepCount()).isEqualTo(300);
        }
    }

    @Test
    void differentSeedsGiveDifferentMarks() {
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange a = Exchange.open(Sim.config(), dir.resolve("a.db"), clock);
             Exchange b = Exchange.open(Sim.config().withSeed(8L), dir.resolve("b.db"), clock)) {
            assertThat(series(b, 50)).isNotEqualTo(series(a, 50));
        }
    }

    @Test
    void marksAreMultiplesOfTheTick() {
        try (Exchange ex = Sim.open(dir.resolve("a.db"), new ManualClock(Sim.T0))) {
            for (Map<String, BigDecimal> marks : series(ex, 200)) {
                assertThat(marks.get("BTC").remainder(d("1"))).isEqualByComparingTo("0");
                assertThat(marks.get("ETH").remainder(d("0.1"))).isEqualByComparingTo("0");
                assertThat(marks.get("ETH").scale()).isEqualTo(1);
            }
        }
    }

    @Test
    void aSymbolsSeriesDoesNotDependOnTheOtherSymbols() {
        SimConfig btcOnly = Sim.config().withSymbols(List.of(Sim.config().symbols().get(0)));
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange both = Sim.open(dir.resolve("a.db"), clock);
             Exchange alone = Exchange.open(btcOnly, dir.resolve("b.db"), clock)) {
            assertThat(series(alone, 100).stream().map(m -> m.get("BTC")).toList())
                    .isEqualTo(series(both, 100).stream().map(m -> m.get("BTC")).toList());
        }
    }

    @Test
    void logReturnsHaveTheConfiguredVolatility() {
        // 0.04 per sqrt(hour) at 1-second ticks: sd of one step's log return = 0.04 / 60.
        SymbolSpec spec = new SymbolSpec("X", d("100"), 0.04, d("0.000001"), d("1"), 10);
        PriceFeed feed = new PriceFeed(3L, 1000L);
        int n = 20_000;
        double raw = 100;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double next = feed.next(spec, raw, i);
            double r = Math.log(next / raw);
            sum += r;
            sumSq += r * r;
            raw = next;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        assertThat(sd).isCloseTo(0.04 / 60, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(Math.abs(mean)).isLessThan(3 * sd / Math.sqrt(n));
    }

    @Test
    void advanceTakesOneStepPerElapsedTickStampedWithItsScheduledTime() {
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange ex = Sim.open(dir.resolve("a.db"), clock)) {
            assertThat(ex.advance()).isZero();

            clock.advanceMillis(3_500);
            assertThat(ex.advance()).isEqualTo(3);
            assertThat(ex.markTime("BTC")).isEqualTo(Sim.T0 + 3_000);

            clock.advanceMillis(499);
            assertThat(ex.advance()).isZero();
            clock.advanceMillis(1);
            assertThat(ex.advance()).isEqualTo(1);
            assertThat(ex.stepCount()).isEqualTo(4);
        }
    }

    @Test
    void advanceAndStepGiveTheSameSeries() {
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange a = Sim.open(dir.resolve("a.db"), clock);
             Exchange b = Sim.open(dir.resolve("b.db"), clock)) {
            List<Map<String, BigDecimal>> stepped = series(a, 20);
            List<Map<String, BigDecimal>> advanced = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                clock.advanceMillis(1000);
                b.advance();
                advanced.add(b.marks());
            }
            assertThat(advanced).isEqualTo(stepped);
        }
    }

    @Test
    void afterALongOutageTheFeedResumesWithOneStepInsteadOfReplayingIt() {
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange ex = Sim.open(dir.resolve("a.db"), clock)) {
            clock.advanceMillis(1000L * (Exchange.MAX_CATCH_UP_STEPS + 10));

            assertThat(ex.advance()).isEqualTo(1);
            assertThat(ex.markTime("BTC")).isEqualTo(clock.millis());
        }
    }

    @Test
    void jumpSetsTheMarkAndTheFeedContinuesFromThere() {
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange ex = Sim.open(dir.resolve("a.db"), clock)) {
            ex.jump("BTC", d("30000"));
            assertThat(ex.marks().get("BTC")).isEqualByComparingTo("30000");
            assertThat(ex.stepCount()).isZero();

            ex.step();
            assertThat(ex.marks().get("BTC").subtract(d("30000")).abs()).isLessThan(d("500"));
            assertThatThrownBy(() -> ex.jump("BTC", d("30000.5"))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void demoDefaultsMoveAtLeastAPercentOrSoWithinTenMinutes() {
        // Not a statistical law, a pinned fact about the default seed: the demo shows real trends quickly.
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange ex = Exchange.open(SimConfig.defaults(), dir.resolve("a.db"), clock)) {
            BigDecimal start = ex.marks().get("ETH");
            BigDecimal max = start;
            BigDecimal min = start;
            for (int i = 0; i < 600; i++) {
                ex.step();
                BigDecimal m = ex.marks().get("ETH");
                max = max.max(m);
                min = min.min(m);
            }
            assertThat(max.subtract(min).divide(start, java.math.MathContext.DECIMAL64)).isGreaterThan(d("0.008"));
        }
    }
}
