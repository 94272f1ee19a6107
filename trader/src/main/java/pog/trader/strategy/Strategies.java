package pog.trader.strategy;

import pog.trader.config.StrategyConfig;
import pog.trader.strategy.jar.JarStrategies;
import pog.trader.strategy.process.ProcessStrategy;

import java.time.Clock;

/** Builds the configured strategy. */
public final class Strategies {
    /** The one command that builds the optional ONNX strategy jar, and where it goes. */
    public static final String ONNX_BUILD = "build it with ./mvnw -B -Ponnx -pl strategy-onnx -am package -DskipTests "
            + "and copy strategy-onnx/target/pog-strategy-onnx.jar there";

    private Strategies() {
    }

    public static Strategy create(StrategyConfig config, Clock clock) {
        return create(config, clock, false);
    }

    /** For {@code pog replay}: a process strategy's start is waited for, so that two runs decide the same. */
    public static Strategy forReplay(StrategyConfig config, Clock clock) {
        return create(config, clock, true);
    }

    private static Strategy create(StrategyConfig config, Clock clock, boolean replay) {
        return switch (config.type()) {
            case "process" -> new ProcessStrategy(config.command(), config.workDir(), config.symbols(),
                    config.answerMillis(), clock, replay);
            case "jar" -> JarStrategies.load(config.dir(), config.entryPoint());
            case "onnx" -> JarStrategies.fromFactory(config.dir(), "onnx", config, ONNX_BUILD);
            default -> new EmaTrend(config.fastPeriod(), config.slowPeriod(), config.minSpreadBps());
        };
    }
}
