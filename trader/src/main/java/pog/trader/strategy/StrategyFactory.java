package pog.trader.strategy;

import pog.trader.config.StrategyConfig;

/**
 * A strategy type that ships as its own jar (e.g. {@code onnx}, whose runtime is kept out of pog.jar): declared in
 * {@code META-INF/services/pog.trader.strategy.StrategyFactory} and found in the strategies directory only when its
 * type is configured.
 */
public interface StrategyFactory {
    /** The {@code strategy.type} this factory builds. */
    String type();

    Strategy create(StrategyConfig config);
}
