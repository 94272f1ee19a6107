package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.trader.journal.Journal;
import pog.trader.reconcile.Reconciler;
import pog.trader.reconcile.VenueView;
import pog.venue.Fill;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.Venue;
import pog.venue.VenueException;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reconciliation: the venue read against what the trader believes, at start-up and on every read after it. It owns
 * when the venue is read (the timer's period, the venue's budget, quick re-reads after pushes and answers), start-up
 * protection as a named step with its report (markets, the journal's stop prices, retries with backoff, held while
 * another writer is on the account), and each view's bookkeeping: fills journaled before anything else, pending
 * intents resolved by client id. It sends nothing and decides nothing. Decision thread only, except the start-up
 * state, which other threads read.
 */
final class Reconciliation {
    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    /** Re-reads right after answers, per timer round: enough to verify what was just sent, never a busy loop. */
    private static final int QUICK_READS_PER_ROUND = 4;
    private static final long STARTUP_RETRY_MAX_MILLIS = 30_000;

    /** Start-up protection in progress, done (the strategy may be asked), or failed for good. */
    enum Phase { STARTUP, TRADING, FAILED }

    private final Venue venue;
    private final Reconciler reconciler;
    private final JournalGate gate;
    private final VenueWorker worker;
    private final OrderDesk desk;
    private final Protector protector;
    private final Map<String, MarketInfo> markets;
    private final List<String> symbols;
    private final long loopMillis;
    /** The journal listening: how many of the fills it just kept were new. */
    private final JournalRecorder recorder;
    private final Consumer<EngineEvent> emit;
    private final Clock clock;
    /** Where each view goes (the engine's round of work), with the failure when the read failed. */
    private final BiConsumer<VenueView, RuntimeException> onView;

    private boolean readInFlight;
    private long lastReadStartedAt = Long.MIN_VALUE / 2;
    private boolean readWanted;
    private int quickReads;
    private long readEveryMillis = -1;

    private Phase phase = Phase.STARTUP;
    private boolean begun;
    private long begunAt;
    private long retryAt;
    private long backoff = 1_000;
    private volatile String detail = "not started";
    private volatile boolean ok;
    private volatile RuntimeException failure;
    private final CompletableFuture<Engine.ReconcileReport> done = new CompletableFuture<>();
    private int rPositions;
    private int rOpen;
    private int rFills;
    private int rStops;
    private int rPending;
    private int rDuplicates;

    Reconciliation(Venue venue, Reconciler reconciler, JournalGate gate, VenueWorker worker, OrderDesk desk,
                   Protector protector, Map<String, MarketInfo> markets, List<String> symbols, long loopMillis,
                   JournalRecorder recorder, Consumer<EngineEvent> emit, Clock clock, BiConsumer<VenueView, RuntimeException> onView) {
        this.venue = venue;
        this.reconciler = reconciler;
        this.gate = gate;
        this.worker = worker;
        this.desk = desk;
        this.protector = protector;
        this.markets = markets;
        this.symbols = symbols;
        this.loopMillis = loopMillis;
        this.recorder = recorder;
        this.emit = emit;
        this.clock = clock;
        this.onView = onView;
    }

    // ---------------------------------------------------------------- the phase and the start-up report

    Phase phase() {
        return phase;
    }

    boolean begun() {
        return begun;
    }

    /** Start-up protection: whether it is done, and what it did or why it cannot finish. Any thread. */
    Engine.Startup startup() {
        return new Engine.Startup(ok, detail);
    }

    CompletableFuture<Engine.ReconcileReport> done() {
        return done;
    }

    /** What stops start-up now (null: nothing known). Any thread. */
    RuntimeException failure() {
        return failure;
    }

    String detail() {
        return detail;
    }

    /** The report of a start-up held by another writer: read, nothing written. */
    Engine.ReconcileReport heldReport(int unprotected) {
        return new Engine.ReconcileReport(rPositions, rOpen, rFills, 0, rPending, 0, unprotected);
    }

    /** Begins start-up protection; false when it had begun already. */
    boolean begin() {
        if (begun) {
            return false;
        }
        begun = true;
        phase = Phase.STARTUP;
        begunAt = clock.millis();
        retryAt = begunAt;
        detail = "reconciling with " + venue.name() + ": reading positions and open orders";
        return true;
    }

    /** Closed before start-up finished: whoever waits for it is told. */
    void abandon() {
        if (!done.isDone()) {
            done.completeExceptionally(new IllegalStateException("closed before start-up protection finished"));
        }
    }

    // ---------------------------------------------------------------- when the venue is read

    /** A timer round begins: quick re-reads are counted afresh. */
    void newRound() {
        quickReads = 0;
    }

    /**
     * The timer's read, when one is due: at start-up when the retry is due, then every {@link #readEveryMillis} or
     * when one is wanted. True when a trading read went out (the bar due now waits for its answer).
     */
    boolean timerRead(long now) {
        if (phase == Phase.STARTUP) {
            if (!readInFlight && now >= retryAt) {
                startRead(now, markets.isEmpty());
            }
        } else if (phase == Phase.TRADING && !readInFlight
                && (readWanted || now - lastReadStartedAt >= readEveryMillis())) {
            startRead(now, false);
            return true;
        }
        return false;
    }

    /** A read at the next timer round. */
    void want() {
        readWanted = true;
    }

    /** A read as soon as possible (a stream said something changed). */
    void readNow(long now) {
        readWanted = true;
        if (begun && phase != Phase.FAILED && !readInFlight && quickReads < QUICK_READS_PER_ROUND) {
            quickReads++;
            startRead(now, markets.isEmpty());
        }
    }

    long lastReadStartedAt() {
        return lastReadStartedAt;
    }

    /**
     * How often the timer reads the whole account: every {@code loopMillis}, or more rarely when the venue's request
     * budget asks for it ({@link Venue#readIntervalMillis}: Hyperliquid's 1,200 weight a minute allows one 46-weight
     * read every 4.6 s at half the budget). Pushes (fills, a stop gone, a reconnect) still ask for a read at once.
     */
    long readEveryMillis() {
        if (readEveryMillis < 0) {
            long venueSays;
            try {
                venueSays = venue.readIntervalMillis();
            } catch (RuntimeException e) {
                venueSays = 0;
            }
            readEveryMillis = Math.max(loopMillis, venueSays);
        }
        return readEveryMillis;
    }

    private void startRead(long now, boolean withMarkets) {
        Long cursor = gate.read(gate.journal()::fillCursor);
        long gen = desk.writeGen();
        readInFlight = true;
        readWanted = false;
        lastReadStartedAt = now;
        worker.read(() -> reconciler.read(cursor, withMarkets, gen), onView);
    }

    /** The read's answer came (a view or a failure): the next read may go out. */
    void answered() {
        readInFlight = false;
    }

    // ---------------------------------------------------------------- each view

    /** The read failed: at start-up, blocked (retried with backoff) or failed for good. */
    void readFailed(RuntimeException e, long now) {
        if (phase == Phase.STARTUP) {
            startupFailed(e, now);
        }
    }

    /**
     * A start-up view: the venue's markets (each traded symbol must be one) and the stop prices the journal and the
     * venue's resting stops know. False when start-up cannot go on with this view.
     */
    boolean startupView(VenueView view, long now) {
        try {
            startupRound(view);
        } catch (RuntimeException e) {
            startupFailed(e, now);
            return false;
        }
        failure = null;
        detail = "reconciling with " + venue.name() + ": verifying the stops of "
                + view.positions().stream().filter(p -> p.size().signum() != 0).count() + " position(s)";
        return true;
    }

    /**
     * Journals the view's new fills and tells them; true when they were journaled. Not journaled, the cursor stays:
     * the same fills come again next time and are journaled then.
     */
    boolean fills(List<Fill> fills, long now, boolean startup) {
        if (fills.isEmpty()) {
            return false;
        }
        long mark = gate.mark();
        emit.accept(new EngineEvent.FillsRead(fills));
        if (!gate.heldSince(mark)) {
            return false;
        }
        rFills += startup ? recorder.newFills() : 0;
        // the orders they filled, as the journal's own bookkeeping of them
        if (!gate.record(() -> reconciler.markFilled(fills, now))) {
            return false;
        }
        for (Fill f : fills) {
            log.info("event=fill symbol={} side={} size={} price={} realized_pnl={} liquidation={} client_id={}",
                    f.symbol(), f.side(), f.size().toPlainString(), f.price().toPlainString(),
                    f.realizedPnl().toPlainString(), f.liquidation(), f.clientId());
            emit.accept(new EngineEvent.Filled(f.clientId(), f.symbol(), f.side().name(), f.size(), f.price()));
        }
        return true;
    }

    /** Pending intents resolved against the venue by client id (those still on their way are left). */
    void resolvePending(VenueView view, List<Fill> fills, long now, boolean firstRead, Set<String> sending) {
        gate.record(() -> rPending += reconciler.resolvePending(view.openOrders(), fills, now, firstRead, sending));
    }

    /** Another writer's orders are on the account: start-up waits for a take-over. */
    void held(boolean startup) {
        if (startup) {
            detail = "held: another writer's orders are on the venue account; protecting nothing until "
                    + "a take-over (checks.ownership)";
        }
    }

    /** What start-up protection sent on a view, for the report. */
    void protectedOnce(Protection.Round round) {
        rStops += round.stopsSent();
        rDuplicates += round.duplicatesCancelled();
    }

    /**
     * The end of a start-up view's round: start-up is done when nothing is on its way and nothing had to be sent;
     * true then. When what was sent is answered but the venue does not show it yet, the next timer round looks again.
     */
    boolean startupRoundEnded(VenueView view, long now, int sent) {
        if (desk.idle() && sent == 0) {
            finishStartup(view, now);
            return phase == Phase.TRADING;
        }
        if (desk.idle() && quickReads >= QUICK_READS_PER_ROUND) {
            readWanted = true;
        }
        return false;
    }

    private void startupFailed(RuntimeException e, long now) {
        boolean retryable = e instanceof VenueException ve ? ve.retryable() : !(e instanceof IllegalStateException);
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!retryable) {
            phase = Phase.FAILED;
            detail = "cannot start: " + reason;
            failure = e;
            log.error("event=startup_failed reason=\"{}\"", reason);
            done.completeExceptionally(e);
            return;
        }
        failure = e;
        retryAt = now + backoff;
        detail = "blocked: " + reason + "; trading nothing, protecting what is known, retrying in "
                + backoff + " ms";
        log.warn("event=startup_blocked reason=\"{}\" retry_in_ms={} effect=\"no trading until reconciled\"", reason,
                backoff);
        emit.accept(new EngineEvent.StartupBlocked(reason, backoff));
        backoff = Math.min(backoff * 2, STARTUP_RETRY_MAX_MILLIS);
    }

    private void startupRound(VenueView view) {
        if (view.markets() != null && markets.isEmpty()) {
            for (MarketInfo m : view.markets()) {
                markets.put(m.symbol(), m);
            }
            for (String s : symbols) {
                if (!markets.containsKey(s)) {
                    markets.clear();
                    throw new IllegalStateException("venue " + venue.name() + " has no market " + s
                            + " (it has " + String.join(", ", view.markets().stream().map(MarketInfo::symbol).toList())
                            + ")");
                }
            }
            Map<String, Journal.JournalPosition> known = gate.read(gate.journal()::positions);
            for (Journal.JournalPosition jp : known == null ? List.<Journal.JournalPosition>of() : known.values()) {
                if (jp.stopPrice() != null) {
                    protector.keep(jp.symbol(), jp.stopPrice());
                }
            }
            for (Order o : view.openOrders()) {
                if (Protector.isStopFor(o, o.symbol())) {
                    protector.keepIfUnknown(o.symbol(), o.triggerPrice());
                }
            }
            rPositions = (int) view.positions().stream().filter(p -> p.size().signum() != 0).count();
            rOpen = view.openOrders().size();
        }
    }

    private void finishStartup(VenueView view, long now) {
        phase = Phase.TRADING;
        long took = now - begunAt;
        int n = (int) view.positions().stream().filter(p -> p.size().signum() != 0).count();
        int unprotected = Protector.countUnprotected(view.positions(), view.openOrders());
        ok = true;
        failure = null;
        detail = "protected " + n + " position(s) in " + took + " ms";
        Engine.ReconcileReport report = new Engine.ReconcileReport(rPositions, rOpen, rFills, rStops, rPending,
                rDuplicates, unprotected);
        emit.accept(new EngineEvent.Noted("reconciled", report.toString(), now));
        log.info("event=reconciled positions={} open_orders={} new_fills={} stops_placed={} pending_resolved={} "
                        + "duplicates_cancelled={} unprotected={}", report.positions(), report.openOrders(),
                report.newFills(), report.stopsPlaced(), report.pendingResolved(), report.duplicatesCancelled(),
                report.unprotected());
        log.info("event=startup_protected positions={} ms={} msg=\"startup: protected {} positions in {} ms\"", n, took,
                n, took);
        emit.accept(new EngineEvent.StartupProtected(n, took));
        done.complete(report);
    }
}
