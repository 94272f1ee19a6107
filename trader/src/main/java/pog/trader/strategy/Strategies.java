package pog.trader.strategy;

import pog.trader.config.StrategyConfig;
import pog.trader.strategy.jar.JarStrategies;
import pog.trader.strategy.process.ProcessStrategy;

import java.time.Clock;

/** Builds the configured strategy. */
public final class Strategies {
    private Strategies() {
    }

    public static Strategy create(StrategyConfig config, Clock clock) {
        return switch (config.type()) {
            case "process" -> new ProcessStrategy(config.command(), config.workDir(), config.symbols(),
                    config.answerMillis(), clock);
            case "jar" -> JarStrategies.load(config.dir(), config.entryPoint());
            default -> new EmaTrend(config.fastPeriod(), config.slowPeriod(), config.minSpreadBps());
        };
    }
}
