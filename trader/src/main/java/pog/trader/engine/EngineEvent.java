package pog.trader.engine;

import pog.trader.journal.Journal.Purpose;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Position;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What the engine did or saw, as facts in the order they happened. The logs, the metrics and the API stream subscribe
 * through {@link EngineListener}; tests record them and assert the sequence. Told facts carry no time of their own: a
 * listener that needs one reads its clock (the engine's clock in tests, so sequences are exact).
 *
 * <p>The journal listens too ({@link JournalRecorder}), first and to everything: to some told facts (a cancel, a
 * halt, a replaced stop) and to the {@link Record}s, the facts only the journal keeps (an intent before its order
 * goes out, an answer, a read of the venue), which carry the time they are kept under.
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

    /**
     * What the journal keeps and nobody else is told: heard by the {@link JournalRecorder} only, never by
     * {@link Engine#listen} listeners. Each is written where it is reported, in the order reported.
     */
    sealed interface Record extends EngineEvent {
    }

    /** An order is about to go out: its intent is kept first (an entry whose intent is not kept is not sent). */
    record Intended(OrderRequest request, Purpose purpose, long at) implements Record {
    }

    /** The venue's answer to an order, as it said it. */
    record Answered(Order order, long at) implements Record {
    }

    /** The venue refused an order outright (no order came back): it is kept as rejected, with its words. */
    record NotTaken(String clientId, String reason, long at) implements Record {
    }

    /** A read of the venue came back (the journal's heartbeat). */
    record ViewRead(long at) implements Record {
    }

    /** New fills from a read, kept with the cursor the next read starts from. */
    record FillsRead(List<Fill> fills) implements Record {
    }

    /** The positions a read showed, with the stop price meant for each. */
    record PositionsSeen(List<Position> positions, Map<String, BigDecimal> stopPrices, long at) implements Record {
    }

    /** The account's equity, sampled (and the journal checkpointed with it). */
    record EquitySampled(Account account) implements Record {
    }

    /** A new UTC day: the daily loss counts from this equity. */
    record DayStarted(String day, BigDecimal equity) implements Record {
    }

    /** A person lifted a halt: the daily loss counts again from this equity. */
    record LossCountedFrom(BigDecimal equity) implements Record {
    }

    /** Paused or resumed, by whom and when: kept so that a restart keeps it. */
    record PauseChanged(boolean paused, String by, long at) implements Record {
    }

    /** A line of the journal's event log that no told fact carries as such. */
    record Noted(String kind, String detail, long at) implements Record {
    }
}
