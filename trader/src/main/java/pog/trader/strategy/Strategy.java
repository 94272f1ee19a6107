package pog.trader.strategy;

import java.math.BigDecimal;

/** A trading strategy, fed one bar (a sampled mark price) at a time per symbol. */
public interface Strategy {
    /** Updates the strategy with a new bar and returns the exposure it now wants. */
    Signal onBar(String symbol, BigDecimal price, long time);

    /** Human-readable parameters for logs and /api/health. */
    String describe();
}
