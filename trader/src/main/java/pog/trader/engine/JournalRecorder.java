package pog.trader.engine;

import pog.trader.journal.Journal;

import java.time.Clock;

/**
 * The journal as a listener: it keeps what the engine reports, as the engine reports it. Heard first and on the
 * decision thread, so a record is on disk before any other listener hears its fact, and records keep the order of
 * the facts. Every write goes through the {@link JournalGate}: a failing journal is reported in health and never
 * thrown back at the engine; a reporter that must know whether its record was kept (an intent before its order goes
 * out) asks the gate. Reading the journal (the fill cursor, the positions at start-up, the pause) is not its job.
 */
final class JournalRecorder implements EngineListener {
    private final JournalGate gate;
    private final Journal journal;
    private final Clock clock;
    /** How many fills of the last {@link EngineEvent.FillsRead} were new to the journal. */
    private int newFills;

    JournalRecorder(JournalGate gate, Clock clock) {
        this.gate = gate;
        this.journal = gate.journal();
        this.clock = clock;
    }

    int newFills() {
        return newFills;
    }

    @Override
    public void on(EngineEvent event) {
        if (event instanceof EngineEvent.Intended e) {
            gate.record(() -> journal.intent(e.request(), e.purpose(), e.at()));
        } else if (event instanceof EngineEvent.Answered e) {
            gate.record(() -> journal.orderUpdate(e.order(), e.at()));
        } else if (event instanceof EngineEvent.NotTaken e) {
            gate.record(() -> journal.orderStatus(e.clientId(), "REJECTED", e.reason(), e.at()));
        } else if (event instanceof EngineEvent.Cancelled e) {
            gate.record(() -> journal.orderStatus(e.clientId(), "CANCELLED", e.why(), clock.millis()));
        } else if (event instanceof EngineEvent.ViewRead e) {
            gate.record(() -> journal.heartbeat(e.at()));
        } else if (event instanceof EngineEvent.FillsRead e) {
            newFills = 0;
            gate.record(() -> newFills = journal.fills(e.fills()));
        } else if (event instanceof EngineEvent.PositionsSeen e) {
            gate.record(() -> journal.positions(e.positions(), e.stopPrices(), e.at()));
        } else if (event instanceof EngineEvent.EquitySampled e) {
            gate.record(() -> {
                journal.equity(e.account());
                journal.checkpoint();
            });
        } else if (event instanceof EngineEvent.DayStarted e) {
            gate.record(() -> {
                journal.putMeta("day", e.day());
                journal.putMeta("day_start_equity", e.equity().toPlainString());
            });
        } else if (event instanceof EngineEvent.LossCountedFrom e) {
            gate.record(() -> journal.putMeta("day_start_equity", e.equity().toPlainString()));
        } else if (event instanceof EngineEvent.PauseChanged e) {
            gate.record(() -> {
                journal.putMeta("paused", Boolean.toString(e.paused()));
                journal.putMeta("paused_by", e.paused() ? e.by() : "");
                journal.putMeta("paused_at", Long.toString(e.paused() ? e.at() : 0));
            });
            gate.event(e.at(), e.paused() ? "paused" : "resumed", "by " + e.by());
        } else if (event instanceof EngineEvent.Noted e) {
            gate.event(e.at(), e.kind(), e.detail());
        } else if (event instanceof EngineEvent.Halted e) {
            gate.event(clock.millis(), "halted", e.reason());
        } else if (event instanceof EngineEvent.StopReplaced e) {
            gate.event(clock.millis(), "stop_replaced", e.symbol() + " trigger " + e.trigger().toPlainString()
                    + ("stop missing".equals(e.reason()) ? " (missing)" : " (size mismatch)"));
        }
        // the other told facts (the venue's health, a position opened, ...) are not the journal's to keep
    }
}
