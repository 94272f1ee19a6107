package pog.trader.strategy;

import java.math.BigDecimal;
import java.util.List;

/**
 * A trading strategy, contract version {@value #CONTRACT_VERSION} (docs/strategies.md): events in, intents out. The
 * trader owns sizing caps, risk limits and protection; an intent that would break them is refused and the refusal
 * comes back as a {@link StrategyEvent.Refused} event. Called on the trading loop thread only.
 *
 * <p>A strategy that only answers a direction per bar may implement {@link #onBar} alone: the default
 * {@link #onEvent} turns its signal into a target intent.
 */
public interface Strategy extends AutoCloseable {
    /** The newest contract version this trader speaks; it also speaks every older one. */
    int CONTRACT_VERSION = 2;

    /**
     * The contract version this strategy is written for: 1 (the default: bars and refusals only) or 2 (also top of
     * book, funding, its own fills, risk state and timers). The trader never sends a strategy an event of a newer
     * version than it declares.
     */
    default int contractVersion() {
        return 1;
    }

    /**
     * v2: called once, before the first event, with what arms timers ({@link StrategyEvent.Timer}); keep it to
     * arm timers later from {@link #onEvent}.
     */
    default void timers(Timers timers) {
    }

    /** One event in; the intents it leads to out (empty: nothing changes). */
    default List<Intent> onEvent(StrategyEvent event) {
        if (event instanceof StrategyEvent.Bar bar) {
            Signal s = onBar(bar.symbol(), bar.price(), bar.time());
            return s == Signal.NONE ? List.of() : List.of(Intent.target(bar.symbol(), s));
        }
        return List.of();
    }

    /** The shorthand: the exposure wanted after this bar. */
    default Signal onBar(String symbol, BigDecimal price, long time) {
        return Signal.NONE;
    }

    /** Human-readable parameters for logs and /api/health. */
    String describe();

    /** Whether the strategy can decide now (a child process may be down); shown as {@code checks.strategy}. */
    default Status status() {
        return Status.UP;
    }

    /** Releases what the strategy holds (a child process, a model). Positions are none of its business. */
    @Override
    default void close() {
    }

    record Status(boolean ok, String detail) {
        public static final Status UP = new Status(true, "up");
    }
}
