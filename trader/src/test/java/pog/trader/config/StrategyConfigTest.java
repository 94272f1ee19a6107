package pog.trader.config;

import org.junit.jupiter.api.Test;
import pog.common.config.ConfigException;
import pog.trader.TestVenues;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code strategy:} as written before plug-ins still means the EMA strategy; the new types say what they lack. */
class StrategyConfigTest {
    private static StrategyConfig parse(String strategy) {
        String yaml = "service: trader-test\nvenue: {type: paper}\nstrategy: " + strategy + "\n";
        return TraderConfig.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), TestVenues.PAPER).strategy();
    }

    @Test
    void yesterdaysFilesMeanTheEmaStrategyUnchanged() {
        StrategyConfig old = parse("{type: ema-trend, symbols: [BTC], fastPeriod: 3, slowPeriod: 9, minSpreadBps: 1}");
        assertThat(old.isEma()).isTrue();
        assertThat(old.fastPeriod()).isEqualTo(3);
        assertThat(parse("{symbols: [ETH]}").isEma()).isTrue();
        assertThat(parse("{type: ema}").isEma()).isTrue();
    }

    @Test
    void aProcessStrategyNeedsItsCommand() {
        StrategyConfig p = parse("{type: process, command: [python3, s.py], answerMillis: 250}");
        assertThat(p.command()).containsExactly("python3", "s.py");
        assertThat(p.answerMillis()).isEqualTo(250);
        assertThatThrownBy(() -> parse("{type: process}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.yaml: strategy.command: is required for type process");
        assertThatThrownBy(() -> parse("{type: process, command: [x], answerMillis: 1}"))
                .hasMessageContaining("strategy.answerMillis: must be between 10 and 60000");
    }

    @Test
    void aJarStrategyLooksInTheStrategiesDirectory() {
        assertThat(parse("{type: jar}").dir()).isEqualTo(Path.of("strategies"));
        assertThat(parse("{type: jar, dir: plugins, entryPoint: com.example.S}").entryPoint()).isEqualTo("com.example.S");
    }

    @Test
    void anUnknownTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> parse("{type: neural}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("strategy.type: unknown strategy 'neural' (known: ema-trend, ema, process, jar, onnx)");
    }
}
