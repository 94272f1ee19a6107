package pog.trader.strategy;

import java.math.BigDecimal;

/**
 * What a strategy is told (docs/strategies.md). Times are epoch milliseconds; money and sizes are BigDecimal.
 * Version 1 has {@link Bar} and {@link Refused}; version 2 adds {@link Book}, {@link FundingRate}, {@link OwnFill},
 * {@link Risk} and {@link Timer}, and the bar's OHLCV fields. Only a strategy that declares
 * {@link Strategy#contractVersion()} 2 is sent the version 2 events.
 */
public sealed interface StrategyEvent {
    /** The market the event is about; null for events about the account ({@link Risk}) or none ({@link Timer}). */
    String symbol();

    long time();

    /**
     * A bar closed: its price, and the state the decision is made in.
     *
     * @param price      the close: the sampled mark ({@code source} mark) or the last trade ({@code source} trades)
     * @param position   signed size held (positive long, negative short, zero flat)
     * @param entryPrice entry price of what is held; null when flat
     * @param equity     account equity
     * @param canOpen    false while paused, halted by the daily loss limit, or the journal is not writable: an
     *                   intent to open will be refused
     * @param open       v2: the first price seen in the bar's interval (marks or trades, by {@code source})
     * @param high       v2: the highest
     * @param low        v2: the lowest
     * @param volume     v2: traded size in the interval (trades bars; zero for mark bars)
     * @param trades     v2: how many trades the bar is made of (zero for mark bars)
     * @param source     v2: {@code mark} or {@code trades} ({@code strategy.barSource})
     */
    record Bar(String symbol, long time, BigDecimal price, BigDecimal position, BigDecimal entryPrice,
               BigDecimal equity, boolean canOpen, BigDecimal open, BigDecimal high, BigDecimal low,
               BigDecimal volume, long trades, String source) implements StrategyEvent {
        /** A v1 bar: one price, no range. */
        public Bar(String symbol, long time, BigDecimal price, BigDecimal position, BigDecimal entryPrice,
                   BigDecimal equity, boolean canOpen) {
            this(symbol, time, price, position, entryPrice, equity, canOpen, price, price, price, BigDecimal.ZERO, 0,
                    "mark");
        }
    }

    /** An intent was refused; {@code reason} says which limit or rule and by how much. */
    record Refused(String symbol, long time, Intent intent, String reason) implements StrategyEvent {
    }

    /** v2: best bid and ask with the size at each (null: that side is empty). Conflated: the latest per symbol. */
    record Book(String symbol, long time, BigDecimal bid, BigDecimal bidSize, BigDecimal ask, BigDecimal askSize)
            implements StrategyEvent {
    }

    /** v2: the market's funding rate per period (positive: longs pay) and when it is next charged (0: unknown). */
    record FundingRate(String symbol, long time, BigDecimal rate, long nextTime) implements StrategyEvent {
    }

    /**
     * v2: one of this trader's own executions, after it is journaled.
     *
     * @param purpose what the order was for: {@code entry}, {@code stop}, {@code exit}, {@code flatten} or
     *                {@code other} (an order this trader did not send, e.g. a liquidation)
     */
    record OwnFill(String symbol, long time, String side, BigDecimal size, BigDecimal price, BigDecimal fee,
                   BigDecimal realizedPnl, String purpose, boolean liquidation) implements StrategyEvent {
    }

    /**
     * v2: the account and the limits the trader holds it to; sent before a round of bars when any of it changed.
     *
     * @param dailyPnl      equity now minus equity at the start of the UTC day (null before the day is known)
     * @param dailyLossLeft how much more may be lost today before {@code risk.maxDailyLoss} halts opening
     * @param openNotional  the notional of every open position at its mark
     * @param halted        why opening is halted (the daily loss limit), or null
     */
    record Risk(long time, BigDecimal equity, BigDecimal available, BigDecimal dailyPnl, BigDecimal dailyLossLeft,
                BigDecimal openNotional, BigDecimal riskPerTrade, BigDecimal stopDistance,
                BigDecimal maxPositionNotional, BigDecimal maxLeverage, BigDecimal maxDailyLoss, boolean canOpen,
                boolean paused, String halted) implements StrategyEvent {
        @Override
        public String symbol() {
            return null;
        }

        /** The same state, ignoring when it was taken. */
        public boolean sameAs(Risk o) {
            return o != null && equals(new Risk(o.time == time ? o.time : time, o.equity, o.available, o.dailyPnl,
                    o.dailyLossLeft, o.openNotional, o.riskPerTrade, o.stopDistance, o.maxPositionNotional,
                    o.maxLeverage, o.maxDailyLoss, o.canOpen, o.paused, o.halted));
        }
    }

    /** v2: a timer the strategy asked for ({@link Timers}) came due. */
    record Timer(String name, long time) implements StrategyEvent {
        @Override
        public String symbol() {
            return null;
        }
    }
}
