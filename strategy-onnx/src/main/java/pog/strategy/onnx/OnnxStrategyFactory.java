package pog.strategy.onnx;

import pog.trader.config.StrategyConfig;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyFactory;

/** {@code strategy.type: onnx}, found by the trader in the strategies directory. */
public final class OnnxStrategyFactory implements StrategyFactory {
    @Override
    public String type() {
        return "onnx";
    }

    @Override
    public Strategy create(StrategyConfig config) {
        return OnnxStrategy.open(config.model(), Observation.parse(config.observation()), Action.parse(config.action()));
    }
}
