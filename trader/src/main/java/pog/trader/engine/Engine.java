package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.contract.PositionView;
import pog.trader.journal.Journal;
import pog.trader.ownership.Ownership;
import pog.trader.reconcile.Reconciler;
import pog.trader.reconcile.VenueView;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyFeed;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Funding;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.TopOfBook;
import pog.venue.Trade;
import pog.venue.Venue;
import pog.venue.VenueException;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One trader's brain, as the thin orchestrator of its rooms: a single decision thread fed by events, never waiting on
 * the venue, and the lifecycle around it (start, subscriptions, control, close).
 *
 * <p>Events are venue reads and answers (from the {@link VenueWorker}), pushes from the venue's streams, a timer
 * (at least every {@value #MAX_PROCESS_INTERVAL_MILLIS} ms) and control commands. Every venue call runs on the worker;
 * its answer comes back as an event. The work itself is done in rooms that run on the decision thread only, so they
 * are single-threaded and deterministic: {@link Reconciliation} (when the venue is read, start-up protection, fills
 * and pending intents), {@link Protection} (with {@link Protector}: every position covered by its stop),
 * {@link DecisionLoop} (bars, the strategy's intents, entries and exits), {@link OrderDesk} (orders on their way) and
 * {@link JournalGate} (the journal, and what happens when it fails). What they did is told as {@link EngineEvent}s.
 *
 * <p>Order of work for each view of the venue ({@code onView}): journal fills, resolve pending intents, protect
 * positions, then (once start-up protection is done) trade. A symbol with an order in flight, or one written to after
 * the view was read, is not judged from that view: no order is ever sent twice because an answer is slow.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    /** The decision thread finishes a round of work at least this often, whatever {@code loopMillis} is. */
    public static final long MAX_PROCESS_INTERVAL_MILLIS = 250;
    private static final long EQUITY_SAMPLE_MILLIS = 5_000;
    /** After this many refused stops in a row, the position is closed at market. */
    static final int MAX_STOP_REJECTIONS = Protector.MAX_STOP_REJECTIONS;
    /** A venue call running longer than this is interrupted: its lane is free again, its outcome unknown. */
    static final long CALL_DEADLINE_MILLIS = 20_000;
    /** A write whose answer has not come after this long is given up: it stays pending, resolved by client id. */
    static final long GIVE_UP_MILLIS = OrderDesk.GIVE_UP_MILLIS;

    private final Venue venue;
    private final Journal journal;
    private final Strategy strategy;
    private final Clock clock;
    private final long loopMillis;
    private final long barMillis;
    private final List<String> symbols;
    private final Consumer<Snapshot> onSnapshot;
    private final ScheduledExecutorService loop;
    private final VenueWorker worker;
    /** Client ids, and whether this trader may write to the account at all (another writer's orders: no). */
    private final Ownership ownership;
    /** When the venue is read, start-up protection, and each view's fills and pending intents. */
    private final Reconciliation reconciliation;
    private final Protector protector;
    private final OrderDesk desk;
    private final Protection protection;
    /** Bars, the strategy's intents, entries and exits, and the brakes on opening. */
    private final DecisionLoop decisions;
    private final long streamSilenceMillis;
    private final Map<String, MarketInfo> markets = new HashMap<>();
    /** Bars, book, funding, timers and fill purposes for the strategy (contract v2). */
    private final StrategyFeed feed;
    private AutoCloseable marketSubscription;
    private final Counters counters = new Counters();
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();

    // ---- decision-thread state
    private final Set<String> silentStreams = new HashSet<>();
    /** Why the last reconnect of a silent mark stream could not be asked (null: it was, or none was needed). */
    private volatile String resyncFailure;

    private volatile boolean started;
    private volatile long lastProcessedAt;
    private volatile Snapshot snapshot = Snapshot.empty();
    private volatile long lastMarkAt;
    private AutoCloseable subscription;

    private long lastEquityAt = Long.MIN_VALUE / 2;
    private volatile long lastVenueOkAt;
    private volatile String venueError;
    /** Every journal write and read, and what happens when the journal fails. */
    private final JournalGate gate;
    /** The journal, listening to every event first. */
    private final JournalRecorder recorder;

    /** Monotonic counts for /metrics. */
    public static final class Counters {
        public volatile long ordersPlaced;
        public volatile long stopsPlaced;
        public volatile long stopsReplaced;
        public volatile long venueErrors;
        public volatile long loops;
    }

    /** Venue calls on the caller's thread: for tests and replay, which move time by hand. */
    public Engine(String service, Venue venue, Journal journal, Strategy strategy, RiskManager risk, Clock clock,
                  long loopMillis, long barMillis, List<String> symbols, Consumer<Snapshot> onSnapshot) {
        this(service, venue, journal, strategy, risk, clock, loopMillis, barMillis, symbols, onSnapshot,
                Ownership.start(journal, clock, false));
    }

    /** Venue calls on the caller's thread, with this start's ownership (epoch, ids, the watch over the account). */
    public Engine(String service, Venue venue, Journal journal, Strategy strategy, RiskManager risk, Clock clock,
                  long loopMillis, long barMillis, List<String> symbols, Consumer<Snapshot> onSnapshot,
                  Ownership ownership) {
        this(service, venue, journal, strategy, risk, clock, loopMillis, barMillis, symbols, onSnapshot,
                VenueWorker.inline(clock), HealthChecks.Bounds.DEFAULTS.streamSilenceMs(), ownership);
    }

    /** Venue calls on {@code worker}, with a fresh ownership of this start (tests that are not about ownership). */
    public Engine(String service, Venue venue, Journal journal, Strategy strategy, RiskManager risk, Clock clock,
                  long loopMillis, long barMillis, List<String> symbols, Consumer<Snapshot> onSnapshot,
                  VenueWorker worker, long streamSilenceMillis) {
        this(service, venue, journal, strategy, risk, clock, loopMillis, barMillis, symbols, onSnapshot, worker,
                streamSilenceMillis, Ownership.start(journal, clock, false));
    }

    /** @param ownership this start's epoch, client ids and the watch over who writes to the account */
    public Engine(String service, Venue venue, Journal journal, Strategy strategy, RiskManager risk, Clock clock,
                  long loopMillis, long barMillis, List<String> symbols, Consumer<Snapshot> onSnapshot,
                  VenueWorker worker, long streamSilenceMillis, Ownership ownership) {
        this.ownership = ownership;
        this.venue = venue;
        this.journal = journal;
        this.gate = new JournalGate(journal, clock);
        this.recorder = new JournalRecorder(gate, clock);
        this.strategy = strategy;
        this.clock = clock;
        this.loopMillis = loopMillis;
        this.barMillis = barMillis;
        this.symbols = List.copyOf(symbols);
        this.onSnapshot = onSnapshot;
        this.worker = worker;
        this.streamSilenceMillis = streamSilenceMillis;
        this.protector = new Protector(risk, ownership::nextClientId, markets);
        this.feed = new StrategyFeed(this.symbols, clock);
        this.desk = new OrderDesk(venue, worker, ownership, gate, feed, counters, this::emit, clock,
                new OrderDesk.Answers() {
                    @Override
                    public void stopAnswered(OrderDesk.Command c, Order placed, long now) {
                        protection.stopAnswered(c, placed, now);
                    }

                    @Override
                    public void readNow(long now) {
                        reconciliation.readNow(now);
                    }

                    @Override
                    public void venueFailed(RuntimeException e, long now) {
                        Engine.this.venueFailed(e, now);
                    }

                    @Override
                    public void unknownOutcome(long now) {
                        reconciliation.want();
                        publishHealthOnly(now);
                    }
                });
        this.protection = new Protection(protector, desk, gate, counters, this::emit);
        this.reconciliation = new Reconciliation(venue, new Reconciler(venue, journal), gate, worker, desk, protector,
                markets, this.symbols, loopMillis, recorder, this::emit, clock, this::onView);
        this.decisions = new DecisionLoop(strategy, risk, feed, this.symbols, barMillis, markets, protector, desk,
                protection, ownership, reconciliation, gate, counters, this::emit, clock, new DecisionLoop.Around() {
                    @Override
                    public Snapshot snapshot() {
                        return snapshot;
                    }

                    @Override
                    public void publishHealthOnly(long now) {
                        Engine.this.publishHealthOnly(now);
                    }
                });
        strategy.timers(feed);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trading-loop");
            t.setDaemon(true);
            return t;
        });
        worker.answersTo(this::post);
    }

    /** Where bars come from: {@code mark} (the default) or {@code trades} ({@code strategy.barSource}). */
    public void barSource(String source) {
        feed.barSource(source);
    }

    /** Subscribes to the engine's told events (metrics, the API stream, tests); the journal has kept each first. */
    public void listen(EngineListener listener) {
        listeners.add(listener);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Counters counters() {
        return counters;
    }

    public String strategyDescription() {
        return strategy.describe();
    }

    /** Whether the strategy can decide (read from any thread). */
    public Strategy.Status strategyStatus() {
        return strategy.status();
    }

    /** When the decision thread last finished processing (0: never). */
    public long lastProcessedAt() {
        return lastProcessedAt;
    }

    /** Why reconnecting the silent mark stream failed (null: it was asked, or the stream speaks). Any thread. */
    public String resyncFailure() {
        return resyncFailure;
    }

    /** The venue as the worker measures it. */
    public VenueWorker.Stats venueStats() {
        return worker.stats();
    }

    /** Start-up protection: whether it is done, and what it did or why it cannot finish. */
    public record Startup(boolean done, String detail) {
    }

    public Startup startup() {
        return reconciliation.startup();
    }

    // ---------------------------------------------------------------- start-up

    public record ReconcileReport(int positions, int openOrders, int newFills, int stopsPlaced, int pendingResolved,
                                  int duplicatesCancelled, int unprotected) {
    }

    /**
     * Protection first: reconciles positions, open orders and fills and verifies or re-places every stop, before the
     * strategy is asked anything. Blocks the caller (never the decision thread) until that is done. With venue calls
     * inline (tests) a venue that cannot be read throws; with the worker, start-up retries until it can, and
     * {@link #awaitStartup} is the way to wait.
     */
    public ReconcileReport reconcile() {
        onLoop(() -> {
            beginStartup();
            return null;
        });
        CompletableFuture<ReconcileReport> startupDone = reconciliation.done();
        // inline: each round is a timer round by hand (a refused stop is tried again on the next one)
        for (int round = 0; worker.isInline() && !startupDone.isDone() && ownership.mayWrite()
                && round < 2 * MAX_STOP_REJECTIONS; round++) {
            if (reconciliation.failure() != null) {
                throw reconciliation.failure();
            }
            onLoop(() -> {
                timer();
                return null;
            });
        }
        if (worker.isInline() && !startupDone.isDone() && !ownership.mayWrite()) {
            // held: the account was read and nothing was written; start-up protection waits for a take-over
            Snapshot s = snapshot();
            return reconciliation.heldReport(s == null ? 0 : s.unprotected());
        }
        if (worker.isInline() && !startupDone.isDone()) {
            RuntimeException why = reconciliation.failure();
            throw why != null ? why : new IllegalStateException("start-up protection did not finish: "
                    + reconciliation.detail());
        }
        try {
            return startupDone.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** Begins start-up protection (on the decision thread), without waiting. */
    public void beginReconcile() {
        post(this::beginStartup);
    }

    /**
     * Waits up to {@code millis} for start-up protection: the report when it is done, null while it is still trying.
     * Throws what retrying cannot fix (a market the venue does not have, a refused key).
     */
    public ReconcileReport awaitStartup(long millis) throws InterruptedException {
        try {
            return reconciliation.done().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private void beginStartup() {
        if (reconciliation.begin()) {
            timer();
        }
    }

    public Ownership ownership() {
        return ownership;
    }

    /** Starts the decision thread and subscribes to the venue's streams. */
    public void start() {
        try {
            subscription = venue.subscribe(new VenueListener() {
                @Override
                public void onMark(String symbol, BigDecimal mark, long time) {
                    long at = clock.millis();
                    lastMarkAt = at;
                    if (mark != null && symbols.contains(symbol)) {
                        decisions.pushedMark(symbol, mark, at);
                    }
                    worker.streamSpoke("marks");
                    feed.onMark(symbol, mark);
                }

                @Override
                public void onOrder(Order order) {
                    worker.streamSpoke("orders");
                    // whose orders these are is judged on the decision thread, like everything else
                    post(() -> {
                        ownership.observe(order);
                        if (ownership.foreign(order.clientId())) {
                            // another writer touched the account: a whole read now judges what it did (a modify
                            // shows as a changed order between two reads)
                            readNow(clock.millis());
                        }
                    });
                    // a stop that left the venue (cancelled by hand, expired) is re-placed now, not at the next poll
                    if (order.type() == OrderType.STOP_MARKET && order.status() == OrderStatus.CANCELLED) {
                        post(() -> {
                            log.info("event=stop_gone_on_stream client_id={} symbol={} action=audit_now",
                                    order.clientId(), order.symbol());
                            readNow(clock.millis());
                        });
                    }
                }

                @Override
                public void onFill(Fill fill) {
                    worker.streamSpoke("fills");
                    post(() -> readNow(clock.millis()));
                }

                @Override
                public void onConnection(boolean connected) {
                    if (connected) {
                        // the stream is back: what it missed is filled from a REST snapshot
                        post(() -> readNow(clock.millis()));
                    }
                }
            });
        } catch (VenueException e) {
            log.warn("event=subscribe_failed venue={} error={}", venue.name(), e.getMessage());
        }
        subscribeMarket();
        started = true;
        long every = Math.min(MAX_PROCESS_INTERVAL_MILLIS, loopMillis);
        loop.scheduleWithFixedDelay(() -> {
            try {
                try {
                    timer();
                } catch (RuntimeException e) {
                    // a throwing timer would cancel the schedule: log it, and the next round runs all the same
                    log.error("event=loop_error where=timer error={}", e.toString(), e);
                }
                drain();
            } catch (Error e) {
                fatal(e);
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        log.info("event=loop_started loop_ms={} process_every_ms={} bar_ms={} strategy=\"{}\" paused={} venue_calls={}",
                loopMillis, every, barMillis, strategy.describe(), decisions.paused(), worker.isInline() ? "inline" : "worker");
    }

    /** Top of book, trades and funding for the traded symbols, when the venue has them (replay calls it too). */
    public void subscribeMarket() {
        try {
            // market feeds for the strategy: stored on the feed thread, delivered by the decision thread
            marketSubscription = venue.subscribeMarket(symbols, new VenueListener() {
                @Override
                public void onTopOfBook(TopOfBook book) {
                    feed.onTopOfBook(book);
                }

                @Override
                public void onTrade(Trade trade) {
                    feed.onTrade(trade);
                }

                @Override
                public void onFunding(Funding funding) {
                    feed.onFunding(funding);
                }
            });
        } catch (VenueException e) {
            log.warn("event=market_subscribe_failed venue={} error={}", venue.name(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the decision thread

    /**
     * Where an {@link Error} on the decision thread goes (a class that no longer loads, out of memory): the thread
     * cannot be trusted to go on, and a silently cancelled timer would leave a process that looks alive and decides
     * nothing. The trader stops and exits for its supervisor to restart it; the positions keep their resting stops.
     */
    public void onFatal(java.util.function.Consumer<Error> handler) {
        this.onFatal = handler;
    }

    private volatile java.util.function.Consumer<Error> onFatal = e -> { };

    private void fatal(Error e) {
        try {
            log.error("event=loop_fatal error=\"{}\" action=\"stop; exit for a restart\"", e.toString(), e);
        } catch (Throwable ignored) {
            // logging itself may be what broke
        }
        onFatal.accept(e);
    }

    /** Hands work to the decision thread. Any thread. */
    private void post(Runnable event) {
        inbox.add(event);
        if (started) {
            try {
                loop.execute(this::drainOrDie);
            } catch (RejectedExecutionException e) {
                // shutting down: nothing more is decided
            }
        }
    }

    private void drainOrDie() {
        try {
            drain();
        } catch (Error e) {
            fatal(e);
        }
    }

    /** Runs every queued event; decision thread only. */
    private void drain() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            gate.newRound();
            try {
                r.run();
            } catch (RuntimeException e) {
                // a bug or a journal failure must not kill the decision thread: the next round still protects
                log.error("event=loop_error error={}", e.toString(), e);
            }
        }
        lastProcessedAt = clock.millis();
    }

    /**
     * One round by hand (tests, replay): a fresh read of the venue and everything it leads to, with venue calls
     * inline. Public for tests, which drive the engine with a fixed clock.
     */
    public void tick() {
        onLoop(() -> {
            reconciliation.want();
            timer();
            return null;
        });
    }

    /** The timer: reads the venue when due, watches streams and deadlines. */
    private void timer() {
        long now = clock.millis();
        reconciliation.newRound();
        worker.interruptOverdue(CALL_DEADLINE_MILLIS);
        desk.giveUpOverdue(now);
        watchStreams(now);
        if (!reconciliation.begun()) {
            return;
        }
        if (reconciliation.phase() == Reconciliation.Phase.TRADING) {
            decisions.deliverDue(now);
        }
        if (reconciliation.timerRead(now)) {
            // a bar due now is decided on this read's answer, the newest view; a slow answer leaves it to the
            // next round, on the view before
            return;
        }
        decisions.bars(now);
    }

    /**
     * How often the timer reads the whole account: every {@code loopMillis}, or more rarely when the venue's request
     * budget asks for it ({@link Venue#readIntervalMillis}). Pushes (fills, a stop gone, a reconnect) still ask for a
     * read at once.
     */
    public long readEveryMillis() {
        return reconciliation.readEveryMillis();
    }

    /** A read as soon as possible (a stream said something changed). */
    private void readNow(long now) {
        reconciliation.readNow(now);
    }

    /**
     * A read came back: the order of work for each view of the venue. Fills journaled and pending intents resolved
     * (reconciliation), positions protected, then (once start-up protection is done) trading, then the journal's
     * positions and the snapshot.
     */
    private void onView(VenueView view, RuntimeException failure) {
        reconciliation.answered();
        long now = clock.millis();
        if (failure != null) {
            venueFailed(failure, now);
            reconciliation.readFailed(failure, now);
            publishHealthOnly(now);
            return;
        }
        counters.loops++;
        emit(new EngineEvent.ViewRead(now));
        boolean startup = reconciliation.phase() == Reconciliation.Phase.STARTUP;
        if (startup && !reconciliation.startupView(view, now)) {
            publishHealthOnly(now);
            return;
        }
        venueOk(now);
        List<Fill> fills = view.fills();
        if (reconciliation.fills(fills, now, startup) && !startup) {
            decisions.filled(fills);
        }
        reconciliation.resolvePending(view, fills, now, protection.held() == null, desk.sending());
        if (!view.marks().isEmpty()) {
            // venues without a push feed still count a successful read as fresh market data
            lastMarkAt = Math.max(lastMarkAt, now);
        }
        if (!ownership.observe(view.openOrders(), fills)) {
            // another writer's orders are on the account: place nothing, cancel nothing, not even a stop
            reconciliation.held(startup);
            publish(view, now);
            return;
        }
        protection.positionChanges(view);
        Protection.Round round = protection.protect(view, now);
        if (startup) {
            reconciliation.protectedOnce(round);
        }
        decisions.flattenRound(view, now);
        if (reconciliation.phase() == Reconciliation.Phase.TRADING && !startup) {
            decisions.onView(view, now);
            if (now - lastEquityAt >= EQUITY_SAMPLE_MILLIS) {
                long mark = gate.mark();
                emit(new EngineEvent.EquitySampled(view.account()));
                if (gate.heldSince(mark)) {
                    lastEquityAt = now;
                }
            }
        }
        emit(new EngineEvent.PositionsSeen(view.positions(), protector.stopPrices(), now));
        publish(view, now);
        if (startup && reconciliation.startupRoundEnded(view, now, round.actions())) {
            // the view that finished start-up is the first one bars are decided on (at the next timer round)
            decisions.keepForBars(view, now);
        }
    }

    // ---------------------------------------------------------------- the venue's streams

    /**
     * A stream that normally speaks fell silent: the venue is asked to reconnect and resubscribe it (once per
     * silence), and a REST read fills the gap at once.
     */
    private void watchStreams(long now) {
        Map<String, Long> ages = worker.stats().streamAgeMs();
        Long marks = ages.get("marks");
        if (marks == null) {
            return;
        }
        if (marks > streamSilenceMillis) {
            if (silentStreams.add("marks")) {
                log.warn("event=stream_silent stream=marks silent_ms={} action=\"reconnect, resubscribe, rest_snapshot\"",
                        marks);
                emit(new EngineEvent.StreamSilent("marks", marks));
                try {
                    venue.resync("mark stream silent for " + marks + " ms");
                    resyncFailure = null;
                } catch (RuntimeException e) {
                    resyncFailure = e.getMessage() == null ? e.toString() : e.getMessage();
                    log.warn("event=stream_resync_failed error=\"{}\"", e.toString());
                }
                readNow(now);
            }
        } else if (silentStreams.remove("marks")) {
            resyncFailure = null;
            log.info("event=stream_back stream=marks");
        }
    }

    // ---------------------------------------------------------------- control (run on the decision thread)

    /** Stops the strategy from deciding; protection carries on. */
    public void pause(String by) {
        onLoop(() -> {
            decisions.pause(by);
            return null;
        });
    }

    /**
     * Lets the strategy decide again. A risk halt is lifted too: the person has seen the day's loss, and the daily
     * limit counts again from the equity of this moment.
     */
    public void resume(String by) {
        onLoop(() -> {
            decisions.resume(by);
            return null;
        });
    }

    /**
     * Pauses (so the strategy does not reopen), cancels resting entries and closes every position at market, from
     * the latest view and again from every view after it until the venue shows the account flat. Returns the number
     * of positions it is closing.
     */
    public int flatten(String by) {
        return onLoop(() -> decisions.flatten(by));
    }

    /**
     * What a stop leaves behind, read from the venue one last time (not from the last snapshot): every open position
     * with the reduce-only stop size resting for it. {@code clean}: flat, or every position fully covered by its stop.
     */
    public record LeftBehind(boolean clean, String detail, List<PositionView> positions, long verifiedAt) {
    }

    /** Reads the venue on the worker (the caller waits, the decision thread does not); unreadable is not clean. */
    public LeftBehind leftBehind() {
        try {
            record Read(List<Position> positions, List<Order> open) {
            }
            Read r = worker.readAndWait(() -> new Read(venue.positions(), venue.openOrders()), 30_000);
            return Protection.leftBehind(r.positions(), r.open(), venue.name(), clock.millis());
        } catch (RuntimeException e) {
            return new LeftBehind(false, "could not read " + venue.name() + " one last time: " + e.getMessage(),
                    List.of(), clock.millis());
        }
    }

    /**
     * Runs a control action on the decision thread and waits for it; the action itself never waits on the venue,
     * so this answers quickly whatever the venue does.
     */
    private <T> T onLoop(Callable<T> action) {
        try {
            return loop.submit(() -> {
                gate.newRound();
                T value = action.call();
                drain();
                return value;
            }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("trading loop did not answer within 30 s");
        }
    }

    // ---------------------------------------------------------------- events

    /** The journal keeps it first (on disk before anyone hears of it); then the listeners hear the told facts. */
    private void emit(EngineEvent e) {
        recorder.on(e);
        if (e instanceof EngineEvent.Record) {
            return;
        }
        for (EngineListener l : listeners) {
            try {
                l.on(e);
            } catch (RuntimeException ex) {
                log.warn("event=listener_failed listener={} error=\"{}\"", l.getClass().getSimpleName(), ex.toString());
            }
        }
    }

    // ---------------------------------------------------------------- snapshots

    private void venueOk(long now) {
        if (venueError != null) {
            log.info("event=venue_recovered venue={}", venue.name());
            emit(new EngineEvent.VenueRecovered());
        }
        lastVenueOkAt = now;
        venueError = null;
    }

    private void venueFailed(RuntimeException e, long now) {
        counters.venueErrors++;
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!(e instanceof VenueException)) {
            // not a refusal nor an outage: an answer the client could not make sense of
            log.warn("event=venue_answer_not_understood venue={} error=\"{}\"", venue.name(), e.toString(), e);
            reason = "answer not understood: " + reason;
        }
        if (venueError == null) {
            log.warn("event=venue_unreachable venue={} error=\"{}\"", venue.name(), reason);
            emit(new EngineEvent.VenueDegraded(reason));
        }
        venueError = reason;
    }

    private void publish(VenueView view, long now) {
        List<PositionView> views = protection.views(view, now);
        int unprotected = (int) views.stream().filter(v -> !v.protectedByStop()).count();
        Snapshot s = new Snapshot(List.copyOf(views), List.copyOf(view.openOrders()), view.account(),
                Map.copyOf(view.marks()), now, lastVenueOkAt, venueError, lastMarkAt, unprotected, decisions.paused(),
                decisions.pausedBy(), decisions.pausedAt(), decisions.haltReason(), gate.error(), gate.failingSince());
        snapshot = s;
        onSnapshot.accept(s);
    }

    private void publishHealthOnly(long now) {
        Snapshot old = snapshot;
        Snapshot s = new Snapshot(old.positions(), old.openOrders(), old.account(), old.marks(), old.lastLoopAt(),
                lastVenueOkAt, venueError, lastMarkAt, old.unprotected(), decisions.paused(), decisions.pausedBy(),
                decisions.pausedAt(), decisions.haltReason(),
                gate.error(), gate.failingSince());
        snapshot = s;
        onSnapshot.accept(s);
    }

    /** Stops the decision thread and the venue worker; positions and their stops stay on the venue. */
    @Override
    public void close() {
        started = false;
        loop.shutdown();
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                loop.shutdownNow();
            }
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
        worker.close();
        strategy.close();
        for (AutoCloseable sub : new AutoCloseable[]{subscription, marketSubscription}) {
            if (sub != null) {
                try {
                    sub.close();
                } catch (Exception e) {
                    log.debug("event=unsubscribe_failed error={}", e.toString());
                }
            }
        }
        reconciliation.abandon();
    }
}
