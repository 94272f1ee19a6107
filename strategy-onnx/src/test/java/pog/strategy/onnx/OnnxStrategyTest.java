package pog.strategy.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.config.ConfigException;
import pog.trader.config.StrategyConfig;
import pog.trader.strategy.Intent;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategies;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tiny policy with known weights, run by ONNX Runtime, decides what its weights say. */
class OnnxStrategyTest {
    private static final List<String> OBSERVATION = List.of("return:1", "return:5", "position");
    private static final Signal[] LABELS = {Signal.FLAT, Signal.LONG, Signal.SHORT};

    @TempDir
    Path dir;

    private Path model() throws IOException {
        Path file = dir.resolve("tiny-policy.onnx");
        TinyModel.write(file);
        return file;
    }

    /** The same policy by hand: obs x W, argmax. */
    private static Signal expected(List<Double> prices, double position) {
        int last = prices.size() - 1;
        double[] obs = {
                last < 1 ? 0 : (float) (prices.get(last) / prices.get(last - 1) - 1.0),
                last < 5 ? 0 : (float) (prices.get(last) / prices.get(last - 5) - 1.0),
                Math.signum(position)};
        int best = 0;
        double[] logits = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 3; r++) {
                logits[c] += (float) obs[r] * TinyModel.WEIGHTS[r][c];
            }
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        return LABELS[best];
    }

    private static StrategyEvent.Bar bar(double price, double position) {
        return new StrategyEvent.Bar("BTC", 0, BigDecimal.valueOf(price), BigDecimal.valueOf(position), null,
                BigDecimal.TEN, true);
    }

    @Test
    void everyDecisionFollowsTheWeights() throws IOException {
        Strategy s = OnnxStrategy.open(model(), Observation.parse(OBSERVATION), Action.parse("argmax:flat,long,short"));
        Random random = new Random(3);
        List<Double> prices = new ArrayList<>();
        double px = 100;
        int longs = 0;
        int shorts = 0;
        int flats = 0;
        for (int i = 0; i < 500; i++) {
            px *= 1 + random.nextGaussian() * 0.002;
            double position = random.nextInt(3) - 1;
            prices.add(px);
            Signal want = expected(prices, position);
            assertThat(s.onEvent(bar(px, position))).as("bar " + i).containsExactly(Intent.target("BTC", want));
            longs += want == Signal.LONG ? 1 : 0;
            shorts += want == Signal.SHORT ? 1 : 0;
            flats += want == Signal.FLAT ? 1 : 0;
        }
        assertThat(longs).isPositive();
        assertThat(shorts).isPositive();
        assertThat(flats).isPositive();
        s.close();
    }

    /** v2 events as features: the same weights over [spread, funding, position] answer what the book and funding say. */
    @Test
    void theBookAndFundingEventsAreFeaturesToo() throws IOException {
        Strategy s = OnnxStrategy.open(model(), Observation.parse(List.of("spread", "funding", "position")),
                Action.parse("argmax:flat,long,short"));
        assertThat(s.contractVersion()).isEqualTo(2);
        // nothing heard yet: every feature 0, every logit 0, the first label
        assertThat(s.onEvent(bar(100, 0))).containsExactly(Intent.target("BTC", Signal.FLAT));
        // spread (101 - 99) / 100 = 0.02: long 40 x 0.02 = 0.8 beats flat 0 and short -0.8
        s.onEvent(new StrategyEvent.Book("BTC", 1, new BigDecimal("99"), BigDecimal.ONE, new BigDecimal("101"),
                BigDecimal.ONE));
        assertThat(s.onEvent(bar(100, 0))).containsExactly(Intent.target("BTC", Signal.LONG));
        // funding -0.1: long 0.8 - 1.0 = -0.2, short +0.2
        s.onEvent(new StrategyEvent.FundingRate("BTC", 2, new BigDecimal("-0.1"), 0));
        assertThat(s.onEvent(bar(100, 0))).containsExactly(Intent.target("BTC", Signal.SHORT));
        // another symbol's book is not this one's
        s.onEvent(new StrategyEvent.Book("ETH", 3, new BigDecimal("1"), BigDecimal.ONE, new BigDecimal("3"),
                BigDecimal.ONE));
        assertThat(s.onEvent(bar(100, 0))).containsExactly(Intent.target("BTC", Signal.SHORT));
        s.close();
    }

    @Test
    void theTraderFindsItByTypeAndChecksTheLayout() throws IOException {
        Path model = model();
        StrategyConfig cfg = new StrategyConfig("onnx", List.of("BTC"), null, null, null, null, null, null, null,
                dir.resolve("strategies"), null, model, OBSERVATION, null);
        try (Strategy s = Strategies.create(cfg, Clock.systemUTC())) {
            assertThat(s.describe()).isEqualTo("onnx tiny-policy.onnx");
            assertThat(s.onEvent(bar(100, 0))).containsExactly(Intent.target("BTC", Signal.FLAT));
            assertThat(s.onEvent(bar(101, 0))).containsExactly(Intent.target("BTC", Signal.LONG));
        }
        StrategyConfig wrong = new StrategyConfig("onnx", List.of("BTC"), null, null, null, null, null, null, null,
                dir.resolve("strategies"), null, model, List.of("return:1", "position"), null);
        assertThatThrownBy(() -> Strategies.create(wrong, Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("declares 2 features but the model's input obs takes 3");
    }
}
