package pog.trader.engine;

import java.math.BigDecimal;

/**
 * What the engine did or saw, as facts in the order they happened. The journal, the logs, the metrics and the API
 * stream subscribe through {@link EngineListener}; tests record them and assert the sequence. Events carry no time of
 * their own: a listener that needs one reads its clock (the engine's clock in tests, so sequences are exact).
 */
public sealed interface EngineEvent {

    /** An order left for the venue (its intent already journaled). */
    record OrderSent(String clientId, String symbol, String purpose, String side, BigDecimal size) implements EngineEvent {
    }

    /** The venue took it ({@code status} as the venue said: OPEN, FILLED, ...). */
    record Acknowledged(String clientId, String symbol, String status) implements EngineEvent {
    }

    /** The venue refused it, with its words. */
    record Rejected(String clientId, String symbol, String reason) implements EngineEvent {
    }

    /** No answer: the outcome is unknown, the order stays pending and is resolved by its client id. */
    record Unanswered(String clientId, String symbol, String reason) implements EngineEvent {
    }

    record Cancelled(String clientId, String symbol, String why) implements EngineEvent {
    }

    record Filled(String clientId, String symbol, String side, BigDecimal size, BigDecimal price) implements EngineEvent {
    }

    /** A position's first stop, placed after the entry (the grouped request attaches it otherwise). */
    record StopPlaced(String symbol, String clientId, BigDecimal trigger) implements EngineEvent {
    }

    /** The venue shows this position fully covered by its stop (said when it becomes true, not every read). */
    record StopVerified(String symbol, String orderId) implements EngineEvent {
    }

    /** The venue shows this position without a full stop. */
    record StopMissing(String symbol, String reason) implements EngineEvent {
    }

    record StopReplaced(String symbol, String clientId, BigDecimal trigger, String reason) implements EngineEvent {
    }

    record PositionOpened(String symbol, String side, BigDecimal size) implements EngineEvent {
    }

    record PositionClosed(String symbol) implements EngineEvent {
    }

    record Halted(String reason) implements EngineEvent {
    }

    record HaltCleared(String reason) implements EngineEvent {
    }

    record Paused(String by) implements EngineEvent {
    }

    record Resumed(String by) implements EngineEvent {
    }

    record Flattened(String by, int positions) implements EngineEvent {
    }

    /** A venue call failed or overran its deadline: the venue's fault, the loop carries on. */
    record VenueDegraded(String reason) implements EngineEvent {
    }

    record VenueRecovered() implements EngineEvent {
    }

    /** A stream the venue normally speaks on fell silent: the venue reconnects it, and a REST read fills the gap. */
    record StreamSilent(String stream, long silentMs) implements EngineEvent {
    }

    /** The start-up reconciliation could not finish: nothing is traded, what is known stays protected, it retries. */
    record StartupBlocked(String reason, long retryInMs) implements EngineEvent {
    }

    /** After a (re)start: every position verified or re-protected, before the strategy was asked anything. */
    record StartupProtected(int positions, long millis) implements EngineEvent {
    }
}
