package pog.trader.engine;

import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** A strategy that says what the test tells it to, so engine tests are about the engine. */
class ScriptedStrategy implements Strategy {
    private final Map<String, Signal> wanted = new HashMap<>();

    void want(String symbol, Signal signal) {
        wanted.put(symbol, signal);
    }

    @Override
    public Signal onBar(String symbol, BigDecimal price, long time) {
        return wanted.getOrDefault(symbol, Signal.NONE);
    }

    @Override
    public String describe() {
        return "scripted";
    }
}
