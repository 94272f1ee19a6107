package pog.trader.strategy;

import java.math.BigDecimal;

/** What a strategy is told (contract v1). Times are epoch milliseconds; money and sizes are BigDecimal. */
public sealed interface StrategyEvent {
    String symbol();

    long time();

    /**
     * A bar closed: the sampled mark price, and the state the decision is made in.
     *
     * @param position   signed size held (positive long, negative short, zero flat)
     * @param entryPrice entry price of what is held; null when flat
     * @param equity     account equity
     * @param canOpen    false while paused, halted by the daily loss limit, or the journal is not writable: an
     *                   intent to open will be refused
     */
    record Bar(String symbol, long time, BigDecimal price, BigDecimal position, BigDecimal entryPrice,
               BigDecimal equity, boolean canOpen) implements StrategyEvent {
    }

    /** An intent was refused; {@code reason} says which limit or rule and by how much. */
    record Refused(String symbol, long time, Intent intent, String reason) implements StrategyEvent {
    }
}
