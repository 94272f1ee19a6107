package pog.trader.strategy;

/**
 * How a strategy asks for {@link StrategyEvent.Timer} events (contract v2). Times are the trader's clock (recorded
 * time in a replay). A timer fires once; asking again for the same name re-arms it. Call on the trading loop thread
 * only (from {@link Strategy#onEvent} or {@link Strategy#timers}).
 */
public interface Timers {
    /** At most this many timers are armed at once; asking for one more is refused. */
    int MAX_TIMERS = 64;
    /** The shortest and longest delay a timer may ask for. */
    long MIN_MILLIS = 10;
    long MAX_MILLIS = 7L * 24 * 3_600_000;

    /**
     * Fires a {@link StrategyEvent.Timer} named {@code name} once, {@code afterMillis} from now (replacing an armed
     * timer of that name).
     *
     * @return null when armed, else why not (a bad delay, too many timers): the strategy is told, nothing is armed
     */
    String after(String name, long afterMillis);

    /** Disarms the timer of that name, if armed. */
    void cancel(String name);
}
