package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.contract.PositionView;
import pog.trader.journal.Journal;
import pog.trader.journal.Journal.Purpose;
import pog.trader.ownership.Ownership;
import pog.trader.reconcile.Reconciler;
import pog.trader.reconcile.VenueView;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Intent;
import pog.trader.strategy.IntentCheck;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;
import pog.trader.strategy.StrategyFeed;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Funding;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.Side;
import pog.venue.TopOfBook;
import pog.venue.Trade;
import pog.venue.Venue;
import pog.venue.VenueException;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * One trader's brain: a single decision thread fed by events, never waiting on the venue.
 *
 * <p>Events are venue reads and answers (from the {@link VenueWorker}), pushes from the venue's streams, a timer
 * (at least every {@value #MAX_PROCESS_INTERVAL_MILLIS} ms) and control commands. Every venue call runs on the worker;
 * its answer comes back as an event. Protection ({@link Protector}), reconciliation ({@link Reconciler}), risk and
 * the strategy run on the decision thread only, so they are single-threaded and deterministic.
 *
 * <p>Order of work for each view of the venue: journal fills, resolve pending intents, protect positions, then
 * (once start-up protection is done) trade. A symbol with an order in flight, or one written to after the view was
 * read, is not judged from that view: no order is ever sent twice because an answer is slow.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    /** The decision thread finishes a round of work at least this often, whatever {@code loopMillis} is. */
    public static final long MAX_PROCESS_INTERVAL_MILLIS = 250;
    private static final long EQUITY_SAMPLE_MILLIS = 5_000;
    /** After this many refused stops in a row, the position is closed at market. */
    static final int MAX_STOP_REJECTIONS = Protector.MAX_STOP_REJECTIONS;
    /** Re-reads right after answers, per timer round: enough to verify what was just sent, never a busy loop. */
    private static final int QUICK_READS_PER_ROUND = 4;
    /** A venue call running longer than this is interrupted: its lane is free again, its outcome unknown. */
    static final long CALL_DEADLINE_MILLIS = 20_000;
    /** A write whose answer has not come after this long is given up: it stays pending, resolved by client id. */
    static final long GIVE_UP_MILLIS = OrderDesk.GIVE_UP_MILLIS;
    private static final long STARTUP_RETRY_MAX_MILLIS = 30_000;
    private static final java.time.format.DateTimeFormatter HH_MM =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Venue venue;
    private final Journal journal;
    private final Strategy strategy;
    private final RiskManager risk;
    private final Clock clock;
    private final long loopMillis;
    private final long barMillis;
    private final List<String> symbols;
    private final Consumer<Snapshot> onSnapshot;
    private final ScheduledExecutorService loop;
    private final VenueWorker worker;
    /** Client ids, and whether this trader may write to the account at all (another writer's orders: no). */
    private final Ownership ownership;
    private final Reconciler reconciler;
    private final Protector protector;
    private final OrderDesk desk;
    private final Protection protection;
    private final long streamSilenceMillis;
    private final Map<String, MarketInfo> markets = new HashMap<>();
    private final Map<String, Signal> lastSignal = new HashMap<>();
    /** Bars, book, funding, timers and fill purposes for the strategy (contract v2). */
    private final StrategyFeed feed;
    /** Intents a strategy answered to an event other than a bar: acted on at the next view of the venue. */
    private final Map<String, Intent> pendingIntents = new LinkedHashMap<>();
    private AutoCloseable marketSubscription;
    /** Take-profit prices (rounded to the tick) by the client id of the entry they go on once it fills. */
    private final Map<String, Intent> takeProfits = new HashMap<>();
    /** Limit entries resting on the venue (their stop waiting to attach on the fill), by symbol. */
    private final Map<String, Resting> resting = new HashMap<>();

    private record Resting(String clientId, Signal target, BigDecimal price) {
    }
    private final Counters counters = new Counters();
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();

    // ---- decision-thread state
    private boolean readInFlight;
    private long lastReadStartedAt = Long.MIN_VALUE / 2;
    private boolean readWanted;
    private int quickReads;
    private String flattening;
    private int flattenRounds;
    private final Set<String> silentStreams = new HashSet<>();
    /** Why the last reconnect of a silent mark stream could not be asked (null: it was, or none was needed). */
    private volatile String resyncFailure;

    private enum Phase { STARTUP, TRADING, FAILED }

    private Phase phase = Phase.STARTUP;
    private boolean startupBegun;
    private long startupBegunAt;
    private long startupRetryAt;
    private long startupBackoff = 1_000;
    private volatile String startupDetail = "not started";
    private volatile boolean startupOk;
    private volatile RuntimeException startupFailure;
    private final CompletableFuture<ReconcileReport> startupDone = new CompletableFuture<>();
    private int rPositions;
    private int rOpen;
    private int rFills;
    private int rStops;
    private int rPending;
    private int rDuplicates;

    private volatile boolean started;
    private volatile long lastProcessedAt;
    private volatile Snapshot snapshot = Snapshot.empty();
    private volatile long lastMarkAt;
    private AutoCloseable subscription;
    private long lastBarAt = Long.MIN_VALUE / 2;
    /** The newest view of the account (decision thread), and when its read began: bars are decided on it. */
    private VenueView lastView;
    private long lastViewAt;
    /** When that view's answer came (a slow venue's views arrive seconds after their read began). */
    private long lastViewArrivedAt;
    /** The newest mark per symbol from the venue's push stream (any thread writes). */
    private final Map<String, StreamMark> streamMarks = new java.util.concurrent.ConcurrentHashMap<>();
    private long readEveryMillis = -1;

    private record StreamMark(BigDecimal price, long at) {
    }
    private long lastEquityAt = Long.MIN_VALUE / 2;
    private volatile long lastVenueOkAt;
    private volatile String venueError;
    private boolean paused;
    /** Who paused, and when (for the health text); survives restarts with the pause itself. */
    private String pausedBy;
    private long pausedAt;
    private String haltReason;
    /** The UTC day the daily loss is counted for, and the equity it is counted from. */
    private String day;
    private BigDecimal dayStartEquity;
    /** Every journal write and read, and what happens when the journal fails. */
    private final JournalGate gate;

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
        this.strategy = strategy;
        this.risk = risk;
        this.clock = clock;
        this.loopMillis = loopMillis;
        this.barMillis = barMillis;
        this.symbols = List.copyOf(symbols);
        this.onSnapshot = onSnapshot;
        this.worker = worker;
        this.streamSilenceMillis = streamSilenceMillis;
        this.reconciler = new Reconciler(venue, journal);
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
                        Engine.this.readNow(now);
                    }

                    @Override
                    public void venueFailed(RuntimeException e, long now) {
                        Engine.this.venueFailed(e, now);
                    }

                    @Override
                    public void unknownOutcome(long now) {
                        readWanted = true;
                        publishHealthOnly(now);
                    }
                });
        this.protection = new Protection(protector, desk, gate, counters, this::emit);
        strategy.timers(feed);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trading-loop");
            t.setDaemon(true);
            return t;
        });
        worker.answersTo(this::post);
        this.paused = Boolean.parseBoolean(journal.meta("paused", "false"));
        String by = journal.meta("paused_by", "");
        this.pausedBy = paused && !by.isEmpty() ? by : null;
        this.pausedAt = Long.parseLong(journal.meta("paused_at", "0"));
        this.day = journal.meta("day", null);
        String start = journal.meta("day_start_equity", null);
        this.dayStartEquity = start == null ? null : new BigDecimal(start);
    }

    /** Where bars come from: {@code mark} (the default) or {@code trades} ({@code strategy.barSource}). */
    public void barSource(String source) {
        feed.barSource(source);
    }

    /** Subscribes to the engine's events (journal, logs, metrics, the API stream, tests). */
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
        return new Startup(startupOk, startupDetail);
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
        // inline: each round is a timer round by hand (a refused stop is tried again on the next one)
        for (int round = 0; worker.isInline() && !startupDone.isDone() && ownership.mayWrite()
                && round < 2 * MAX_STOP_REJECTIONS; round++) {
            if (startupFailure != null) {
                throw startupFailure;
            }
            onLoop(() -> {
                timer();
                return null;
            });
        }
        if (worker.isInline() && !startupDone.isDone() && !ownership.mayWrite()) {
            // held: the account was read and nothing was written; start-up protection waits for a take-over
            Snapshot s = snapshot();
            return new ReconcileReport(rPositions, rOpen, rFills, 0, rPending, 0, s == null ? 0 : s.unprotected());
        }
        if (worker.isInline() && !startupDone.isDone()) {
            RuntimeException why = startupFailure;
            throw why != null ? why : new IllegalStateException("start-up protection did not finish: " + startupDetail);
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
            return startupDone.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private void beginStartup() {
        if (startupBegun) {
            return;
        }
        startupBegun = true;
        phase = Phase.STARTUP;
        startupBegunAt = clock.millis();
        startupRetryAt = startupBegunAt;
        startupDetail = "reconciling with " + venue.name() + ": reading positions and open orders";
        timer();
    }

    private void startupRead(long now) {
        if (!readInFlight && now >= startupRetryAt) {
            startRead(now, markets.isEmpty());
        }
    }

    private void startupFailed(RuntimeException e, long now) {
        boolean retryable = e instanceof VenueException ve ? ve.retryable() : !(e instanceof IllegalStateException);
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!retryable) {
            phase = Phase.FAILED;
            startupDetail = "cannot start: " + reason;
            startupFailure = e;
            log.error("event=startup_failed reason=\"{}\"", reason);
            startupDone.completeExceptionally(e);
            return;
        }
        startupFailure = e;
        startupRetryAt = now + startupBackoff;
        startupDetail = "blocked: " + reason + "; trading nothing, protecting what is known, retrying in "
                + startupBackoff + " ms";
        log.warn("event=startup_blocked reason=\"{}\" retry_in_ms={} effect=\"no trading until reconciled\"", reason,
                startupBackoff);
        emit(new EngineEvent.StartupBlocked(reason, startupBackoff));
        startupBackoff = Math.min(startupBackoff * 2, STARTUP_RETRY_MAX_MILLIS);
    }

    private void startupRound(VenueView view, long now) {
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
            Map<String, Journal.JournalPosition> known = read(journal::positions);
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
        long took = now - startupBegunAt;
        int n = (int) view.positions().stream().filter(p -> p.size().signum() != 0).count();
        int unprotected = Protector.countUnprotected(view.positions(), view.openOrders());
        startupOk = true;
        startupFailure = null;
        startupDetail = "protected " + n + " position(s) in " + took + " ms";
        ReconcileReport report = new ReconcileReport(rPositions, rOpen, rFills, rStops, rPending, rDuplicates,
                unprotected);
        event(now, "reconciled", report.toString());
        log.info("event=reconciled positions={} open_orders={} new_fills={} stops_placed={} pending_resolved={} "
                        + "duplicates_cancelled={} unprotected={}", report.positions(), report.openOrders(),
                report.newFills(), report.stopsPlaced(), report.pendingResolved(), report.duplicatesCancelled(),
                report.unprotected());
        log.info("event=startup_protected positions={} ms={} msg=\"startup: protected {} positions in {} ms\"", n, took,
                n, took);
        emit(new EngineEvent.StartupProtected(n, took));
        startupDone.complete(report);
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
                        streamMarks.put(symbol, new StreamMark(mark, at));
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
                loopMillis, every, barMillis, strategy.describe(), paused, worker.isInline() ? "inline" : "worker");
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
            readWanted = true;
            timer();
            return null;
        });
    }

    /** The timer: reads the venue when due, watches streams and deadlines. */
    private void timer() {
        long now = clock.millis();
        quickReads = 0;
        worker.interruptOverdue(CALL_DEADLINE_MILLIS);
        desk.giveUpOverdue(now);
        watchStreams(now);
        if (!startupBegun) {
            return;
        }
        if (phase == Phase.TRADING) {
            deliverDue(now);
        }
        if (phase == Phase.STARTUP) {
            startupRead(now);
        } else if (phase == Phase.TRADING && !readInFlight
                && (readWanted || now - lastReadStartedAt >= readEveryMillis())) {
            startRead(now, false);
            // a bar due now is decided on this read's answer, the newest view; a slow answer leaves it to the
            // next round, on the view before
            return;
        }
        bars(now);
    }

    /**
     * How often the timer reads the whole account: every {@code loopMillis}, or more rarely when the venue's request
     * budget asks for it ({@link Venue#readIntervalMillis}: Hyperliquid's 1,200 weight a minute allows one 46-weight
     * read every 4.6 s at half the budget). Pushes (fills, a stop gone, a reconnect) still ask for a read at once.
     */
    public long readEveryMillis() {
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

    /** The view bars are decided on until a newer one comes: when its read began, and when its answer came. */
    private void keepForBars(VenueView view, long now) {
        lastView = view;
        lastViewAt = Math.min(now, lastReadStartedAt);
        lastViewArrivedAt = now;
    }

    /**
     * Bars, every {@code barMillis}, on the timer: each symbol's newest mark (the push stream's, or the last read's
     * when that is newer) with the newest view of positions and account. No bar is decided more than two read periods
     * after the newest view's answer came (the venue is not answering: protection carries on, nothing new is traded).
     */
    private void bars(long now) {
        if (phase != Phase.TRADING || lastView == null || now - lastBarAt < barMillis) {
            return;
        }
        if (now - lastViewArrivedAt > 2 * readEveryMillis() + 2_000) {
            return;
        }
        // keep the cadence (a late timer round does not shift every later bar); after a long gap start afresh
        lastBarAt = now - lastBarAt >= 2 * barMillis ? now : lastBarAt + barMillis;
        if (v2()) {
            StrategyEvent.Risk state = feed.riskChanged(riskState(lastView, now));
            if (state != null) {
                tell(state);
            }
        }
        for (String symbol : symbols) {
            BigDecimal mark = lastView.marks().get(symbol);
            StreamMark pushed = streamMarks.get(symbol);
            if (pushed != null && (mark == null || pushed.at() >= lastViewAt)) {
                mark = pushed.price();
            }
            if (mark != null) {
                act(symbol, mark, now, lastView);
            }
        }
    }

    /** A read as soon as possible (a stream said something changed). */
    private void readNow(long now) {
        readWanted = true;
        if (startupBegun && phase != Phase.FAILED && !readInFlight && quickReads < QUICK_READS_PER_ROUND) {
            quickReads++;
            startRead(now, markets.isEmpty());
        }
    }

    private void startRead(long now, boolean withMarkets) {
        Long cursor = read(journal::fillCursor);
        long gen = desk.writeGen();
        readInFlight = true;
        readWanted = false;
        lastReadStartedAt = now;
        worker.read(() -> reconciler.read(cursor, withMarkets, gen), this::onView);
    }

    private boolean trusted(String symbol, VenueView view) {
        return desk.trusted(symbol, view);
    }

    /** A read came back: fills, pending intents, protection, then trading. */
    private void onView(VenueView view, RuntimeException failure) {
        readInFlight = false;
        long now = clock.millis();
        if (failure != null) {
            venueFailed(failure, now);
            if (phase == Phase.STARTUP) {
                startupFailed(failure, now);
            }
            publishHealthOnly(now);
            return;
        }
        counters.loops++;
        record(() -> journal.heartbeat(now));
        boolean startup = phase == Phase.STARTUP;
        if (startup) {
            try {
                startupRound(view, now);
            } catch (RuntimeException e) {
                startupFailed(e, now);
                publishHealthOnly(now);
                return;
            }
            startupFailure = null;
            startupDetail = "reconciling with " + venue.name() + ": verifying the stops of "
                    + view.positions().stream().filter(p -> p.size().signum() != 0).count() + " position(s)";
        }
        venueOk(now);
        List<Fill> fills = view.fills();
        // not journaled, the cursor stays: the same fills come again next time and are journaled then
        if (!fills.isEmpty() && record(() -> {
            int n = journal.fills(fills);
            rFills += startup ? n : 0;
            reconciler.markFilled(fills, now);
        })) {
            for (Fill f : fills) {
                log.info("event=fill symbol={} side={} size={} price={} realized_pnl={} liquidation={} client_id={}",
                        f.symbol(), f.side(), f.size().toPlainString(), f.price().toPlainString(),
                        f.realizedPnl().toPlainString(), f.liquidation(), f.clientId());
                emit(new EngineEvent.Filled(f.clientId(), f.symbol(), f.side().name(), f.size(), f.price()));
            }
            if (!startup && v2()) {
                for (Fill f : fills) {
                    if (feed.trades(f.symbol())) {
                        tell(feed.fill(f));
                    }
                }
            }
        }
        boolean firstRead = protection.held() == null;
        Set<String> sending = desk.sending();
        record(() -> rPending += reconciler.resolvePending(view.openOrders(), fills, now, firstRead, sending));
        if (!view.marks().isEmpty()) {
            // venues without a push feed still count a successful read as fresh market data
            lastMarkAt = Math.max(lastMarkAt, now);
        }
        if (!ownership.observe(view.openOrders(), fills)) {
            // another writer's orders are on the account: place nothing, cancel nothing, not even a stop
            if (startup) {
                startupDetail = "held: another writer's orders are on the venue account; protecting nothing until "
                        + "a take-over (checks.ownership)";
            }
            publish(view, now);
            return;
        }
        protection.positionChanges(view);
        Protection.Round round = protection.protect(view, now);
        if (startup) {
            rStops += round.stopsSent();
            rDuplicates += round.duplicatesCancelled();
        }
        int sent = round.actions();
        if (flattening != null) {
            flattenRound(view, now);
        }
        if (phase == Phase.TRADING && !startup) {
            checkDailyLoss(view.account(), now);
            manageResting(view, now);
            // bars are decided on the newest view: now, if one is due, and on the timer until a newer view comes
            keepForBars(view, now);
            bars(now);
            if (!pendingIntents.isEmpty()) {
                // intents a strategy answered to other events, carried out on this fresh view (protection ran first)
                Map<String, Intent> pending = new LinkedHashMap<>(pendingIntents);
                pendingIntents.clear();
                pending.forEach((symbol, intent) -> {
                    BigDecimal mark = view.marks().get(symbol);
                    if (mark != null) {
                        execute(symbol, intent, mark, now, view);
                    }
                });
            }
            if (now - lastEquityAt >= EQUITY_SAMPLE_MILLIS) {
                Account sampled = view.account();
                if (record(() -> {
                    journal.equity(sampled);
                    journal.checkpoint();
                })) {
                    lastEquityAt = now;
                }
            }
        }
        List<Position> held = view.positions();
        record(() -> journal.positions(held, protector.stopPrices(), now));
        publish(view, now);
        if (startup && desk.idle() && sent == 0) {
            finishStartup(view, now);
            if (phase == Phase.TRADING) {
                // the view that finished start-up is the first one bars are decided on (at the next timer round)
                keepForBars(view, now);
            }
        } else if (startup && desk.idle() && quickReads >= QUICK_READS_PER_ROUND) {
            // what was sent is answered but the venue does not show it yet: look again at the next timer round
            readWanted = true;
        }
    }

    // ---------------------------------------------------------------- trading

    private void act(String symbol, BigDecimal mark, long now, VenueView view) {
        Position held = Protector.held(view.positions(), symbol);
        Account account = view.account();
        StrategyEvent.Bar bar = feed.bar(symbol, now, mark, held == null ? BigDecimal.ZERO : held.size(),
                held == null ? null : held.entryPrice(), account.equity(), canOpen());
        if (bar == null) {
            // bars from trades: none traded yet in this market
            return;
        }
        Intent intent = decide(bar);
        if (intent != null) {
            // a bar's answer supersedes what an earlier event asked for; "no opinion" leaves that standing
            pendingIntents.remove(symbol);
        }
        execute(symbol, intent, mark, now, view);
    }

    private boolean canOpen() {
        return !paused && haltReason == null && gate.error() == null;
    }

    private boolean v2() {
        return strategy.contractVersion() >= 2;
    }

    /**
     * Limit entries rest only while the trader would open: paused, halted, the journal failing or the strategy down
     * cancels them (a fill then would open a position nobody decided). One no longer on the venue is forgotten; a
     * resting entry with this trader's client id that is not known here (left from before a restart) is cancelled too;
     * an order with any other id (a person's) is left alone.
     */
    private void manageResting(VenueView view, long now) {
        String why = paused ? "paused" : haltReason != null ? "halted: " + haltReason
                : gate.error() != null ? "journal not writable" : !strategy.status().ok() ? "strategy down"
                : !ownership.mayOpen() ? "this trader may not open" : null;
        Set<String> known = new HashSet<>();
        for (Map.Entry<String, Resting> e : new ArrayList<>(resting.entrySet())) {
            String symbol = e.getKey();
            Order o = openOrder(view, e.getValue().clientId());
            if (o == null) {
                if (trusted(symbol, view)) {
                    resting.remove(symbol);
                }
                continue;
            }
            known.add(o.clientId());
            if (why != null && trusted(symbol, view)) {
                desk.cancel(o, now, "limit entry cancelled: " + why);
            }
        }
        for (Order o : view.openOrders()) {
            // only this trader's own ids (the account is this trader's here): a person's manual order is left alone
            if (o.isOpen() && !o.reduceOnly() && !o.type().isTrigger() && o.type() != OrderType.MARKET
                    && pog.venue.ClientId.parse(o.clientId()) != null && symbols.contains(o.symbol())
                    && !known.contains(o.clientId()) && trusted(o.symbol(), view) && !resting.containsKey(o.symbol())) {
                desk.cancel(o, now, "limit entry left from before a restart");
            }
        }
    }

    private void cancelResting(String symbol, VenueView view, long now, String why) {
        Resting r = resting.get(symbol);
        Order o = r == null ? null : openOrder(view, r.clientId());
        if (o == null) {
            resting.remove(symbol);
        } else {
            desk.cancel(o, now, "limit entry cancelled: " + why);
        }
    }

    private static Order openOrder(VenueView view, String clientId) {
        for (Order o : view.openOrders()) {
            if (clientId.equals(o.clientId()) && o.isOpen()) {
                return o;
            }
        }
        return null;
    }

    /** The account and its limits, as a v2 strategy is told them. */
    private StrategyEvent.Risk riskState(VenueView view, long now) {
        Account a = view.account();
        BigDecimal open = BigDecimal.ZERO;
        for (Position p : view.positions()) {
            open = open.add(p.size().abs().multiply(p.markPrice()));
        }
        var limits = risk.config();
        BigDecimal dailyPnl = dayStartEquity == null ? null : a.equity().subtract(dayStartEquity);
        BigDecimal left = dailyPnl == null ? limits.maxDailyLoss()
                : limits.maxDailyLoss().add(dailyPnl.min(BigDecimal.ZERO)).max(BigDecimal.ZERO);
        return new StrategyEvent.Risk(now, a.equity(), a.available(), dailyPnl, left, open, limits.riskPerTrade(),
                limits.stopDistance(), limits.maxPositionNotional(), limits.maxLeverage(), limits.maxDailyLoss(),
                canOpen(), paused, haltReason);
    }

    /** Book, funding and timer events due now, to a v2 strategy; what it answers waits for the next view. */
    private void deliverDue(long now) {
        if (!v2()) {
            return;
        }
        for (StrategyEvent e : feed.due(now)) {
            tell(e);
        }
    }

    /** An event other than a bar: its intents are acted on at the next view (a fresh read is asked for). */
    private void tell(StrategyEvent e) {
        List<Intent> intents;
        try {
            intents = strategy.onEvent(e);
        } catch (RuntimeException ex) {
            log.warn("event=strategy_error event_type={} error=\"{}\"", e.getClass().getSimpleName(), ex.toString());
            return;
        }
        boolean any = false;
        for (Intent i : intents) {
            if (symbols.contains(i.symbol())) {
                pendingIntents.put(i.symbol(), i);
                any = true;
            }
        }
        if (any) {
            readNow(clock.millis());
        }
    }

    /** What the trader does with a strategy's intent for this symbol (null: no opinion), on this view. */
    private void execute(String symbol, Intent intent, BigDecimal mark, long now, VenueView view) {
        Position held = Protector.held(view.positions(), symbol);
        Signal signal = intent == null ? Signal.NONE : intent.target();
        if (!trusted(symbol, view) || flattening != null) {
            // an order for this symbol is on its way or just answered: decide again on a view that shows it
            return;
        }
        Resting waiting = resting.get(symbol);
        if (waiting != null && held == null) {
            // a limit entry rests: the same target (or no opinion) keeps it; flat or the other side cancels it, and
            // the new target is acted on once the venue shows it gone
            if (signal == Signal.FLAT || (signal != Signal.NONE && signal != waiting.target())) {
                cancelResting(symbol, view, now, "the strategy now wants " + signal.name().toLowerCase());
                lastSignal.remove(symbol);
            }
            return;
        }
        Signal previous = lastSignal.put(symbol, signal);
        if (signal == Signal.NONE || signal == previous || paused) {
            // paused: the strategy still learns prices but decides nothing; protection carries on regardless
            return;
        }
        if (held != null) {
            boolean against = signal == Signal.FLAT || (signal == Signal.LONG) != held.isLong();
            if (against) {
                if (waiting != null) {
                    // the rest of a partly filled limit entry must not rebuild what is being closed
                    cancelResting(symbol, view, now, "closing the position");
                }
                desk.close(held, Purpose.EXIT, now, signal == Signal.FLAT ? "strategy wants flat"
                        : "trend turned " + signal.name().toLowerCase());
            }
            return;
        }
        if (signal == Signal.FLAT || haltReason != null || !ownership.mayOpen()) {
            return;
        }
        if (gate.error() != null) {
            // the write-ahead rule: an entry that cannot be journaled first is not sent (said once per symbol)
            if (gate.firstSkip(symbol)) {
                log.info("event=entry_skipped symbol={} signal={} reason=\"journal not writable\"", symbol, signal);
            }
            return;
        }
        String refused = IntentCheck.refusal(intent, risk.config());
        if (refused != null) {
            refuse(intent, now, refused);
            return;
        }
        enter(intent, signal == Signal.LONG ? Side.BUY : Side.SELL, mark, view, now,
                new RiskManager(IntentCheck.sizing(intent, risk.config())));
    }

    /** The strategy call site: a bar in, this symbol's last intent out (null: no opinion). */
    private Intent decide(StrategyEvent.Bar bar) {
        List<Intent> intents;
        try {
            intents = strategy.onEvent(bar);
        } catch (RuntimeException e) {
            // a plug-in's bug decides nothing; protection already ran this round and runs in every next one
            log.warn("event=strategy_error symbol={} error=\"{}\"", bar.symbol(), e.toString());
            return null;
        }
        Intent wanted = null;
        for (Intent i : intents) {
            if (i.symbol().equals(bar.symbol())) {
                wanted = i;
            }
        }
        return wanted;
    }

    /** Tells the strategy why its intent was not carried out. */
    private void refuse(Intent intent, long now, String reason) {
        log.info("event=intent_refused symbol={} target={} reason=\"{}\"", intent.symbol(), intent.target(), reason);
        strategy.onEvent(new StrategyEvent.Refused(intent.symbol(), now, intent, reason));
    }

    private void enter(Intent intent, Side side, BigDecimal mark, VenueView view, long now, RiskManager sizer) {
        String symbol = intent.symbol();
        MarketInfo market = markets.get(symbol);
        Account account = view.account();
        BigDecimal openNotional = BigDecimal.ZERO;
        for (Position p : view.positions()) {
            openNotional = openNotional.add(p.size().abs().multiply(p.markPrice()));
        }
        BigDecimal limit = intent.limitPrice() == null || market == null ? intent.limitPrice()
                : IntentCheck.limitToTick(intent.limitPrice(), side == Side.BUY, market.tickSize());
        // a limit entry is sized, and its stop placed, from its own price: the stop is stopDistance from there
        BigDecimal price = limit == null ? mark : limit;
        String tpRefused = IntentCheck.takeProfitRefusal(intent, side == Side.BUY, price);
        if (tpRefused != null) {
            refuse(intent, now, tpRefused);
            return;
        }
        RiskManager.Sizing sizing = sizer.size(account.equity(), account.available(), price, openNotional, market);
        if (!sizing.allowed()) {
            log.info("event=entry_skipped symbol={} side={} reason=\"{}\"", symbol, side, sizing.reason());
            refuse(intent, now, sizing.reason());
            return;
        }
        String clientId = read(ownership::nextClientId);
        String stopId = clientId == null ? null : read(ownership::nextClientId);
        if (clientId == null || stopId == null) {
            log.info("event=entry_skipped symbol={} side={} reason=\"journal not writable\"", symbol, side);
            return;
        }
        OrderRequest request = limit == null ? OrderRequest.market(clientId, symbol, side, sizing.size(), false)
                : OrderRequest.limit(clientId, symbol, side, sizing.size(), limit);
        BigDecimal trigger = sizer.stopPrice(side, price, market);
        OrderRequest stop = OrderRequest.stopLoss(stopId, symbol, side.opposite(), sizing.size(), trigger);
        if (!ownership.mayWrite()) {
            log.warn("event=order_not_sent client_id={} symbol={} purpose=ENTRY reason=\"venue account held by "
                    + "another writer\"", clientId, symbol);
            return;
        }
        // an entry and its stop in one request when the venue can: both intents journaled first (an entry whose
        // intent cannot be journaled is not sent), both answers journaled after
        if (!record(() -> {
            journal.intent(request, Purpose.ENTRY, now);
            journal.intent(stop, Purpose.STOP, now);
        })) {
            log.warn("event=order_not_sent client_id={} symbol={} purpose=ENTRY reason=\"journal not writable\"",
                    clientId, symbol);
            return;
        }
        OrderDesk.Command c = new OrderDesk.Command(clientId, symbol, Purpose.ENTRY, request, stop, false, sizing.reason(), now);
        if (intent.takeProfit() != null) {
            takeProfits.put(clientId, intent);
        }
        desk.sendEntry(c, (placed, failure) -> entryAnswered(c, placed, failure));
    }

    private void entryAnswered(OrderDesk.Command c, ProtectedEntry placed, RuntimeException failure) {
        long now = clock.millis();
        boolean ours = desk.answered(c);
        OrderRequest entry = c.request();
        OrderRequest stop = c.stop();
        Intent withTakeProfit = takeProfits.remove(entry.clientId());
        if (withTakeProfit != null && (failure != null || placed.entry().status() == OrderStatus.REJECTED)) {
            refuse(withTakeProfit, now, "takeProfit not placed: " + (failure instanceof VenueException ve
                    && !ve.retryable() ? "the entry was refused" : failure != null
                    ? "the entry's outcome is not known yet" : "the entry was refused"));
        }
        if (failure != null) {
            if (failure instanceof VenueException ve && ve.clientIdReused()) {
                ownership.clientIdReused(entry.clientId(), ve.getMessage());
            }
            if (failure instanceof VenueException ve && !ve.retryable()) {
                record(() -> journal.orderStatus(entry.clientId(), "REJECTED", ve.getMessage(), now));
                log.warn("event=entry_refused symbol={} side={} size={} client_id={} reason=\"{}\"", c.symbol(),
                        entry.side(), entry.size().toPlainString(), entry.clientId(), ve.getMessage());
                emit(new EngineEvent.Rejected(entry.clientId(), c.symbol(), ve.getMessage()));
                return;
            }
            desk.unanswered(entry, failure, now);
            return;
        }
        counters.ordersPlaced++;
        record(() -> journal.orderUpdate(placed.entry(), now));
        if (placed.stop() != null) {
            counters.stopsPlaced++;
            record(() -> journal.orderUpdate(placed.stop(), now));
        }
        if (!placed.atomic()) {
            log.warn("event=protected_entry_fallback client_id={} symbol={} reason=\"{}\"", entry.clientId(),
                    entry.symbol(), placed.fallbackReason());
            event(now, "entry_fallback", entry.symbol() + ": " + placed.fallbackReason());
        }
        log.info("event=order_sent client_id={} order_id={} symbol={} side={} type={} size={} purpose=ENTRY status={}"
                        + " stop_client_id={} stop_trigger={} stop_status={} atomic={} latency_ms={}", entry.clientId(),
                placed.entry().orderId(), entry.symbol(), entry.side(), entry.type(), entry.size().toPlainString(),
                placed.entry().status(), stop.clientId(), stop.triggerPrice().toPlainString(),
                placed.stop() == null ? "attached" : placed.stop().status(), placed.atomic(), now - c.sentAt());
        if (placed.entry().status() == OrderStatus.REJECTED) {
            log.warn("event=entry_refused symbol={} side={} size={} client_id={} reason=\"{}\"", c.symbol(),
                    entry.side(), entry.size().toPlainString(), entry.clientId(), placed.entry().rejectReason());
            emit(new EngineEvent.Rejected(entry.clientId(), c.symbol(), placed.entry().rejectReason()));
            return;
        }
        emit(new EngineEvent.Acknowledged(entry.clientId(), c.symbol(), placed.entry().status().name()));
        if (placed.stop() != null) {
            emit(placed.stop().status() == OrderStatus.REJECTED
                    ? new EngineEvent.Rejected(stop.clientId(), c.symbol(), placed.stop().rejectReason())
                    : new EngineEvent.Acknowledged(stop.clientId(), c.symbol(), placed.stop().status().name()));
        } else if (placed.atomic()) {
            emit(new EngineEvent.Acknowledged(stop.clientId(), c.symbol(), "ATTACHED"));
        }
        protector.keep(c.symbol(), placed.stop() != null && placed.stop().triggerPrice() != null
                ? placed.stop().triggerPrice() : stop.triggerPrice());
        if (placed.stop() == null ? !placed.atomic() : placed.stop().status() == OrderStatus.REJECTED) {
            // not on the venue with the entry: the re-read that follows protects it at once
            protector.awaitFirstStop(c.symbol());
        }
        if (entry.type() != OrderType.MARKET && placed.entry().isOpen()) {
            resting.put(c.symbol(), new Resting(entry.clientId(), entry.side() == Side.BUY ? Signal.LONG : Signal.SHORT,
                    entry.limitPrice()));
            log.info("event=limit_entry_resting client_id={} symbol={} side={} size={} price={} stop_trigger={}",
                    entry.clientId(), c.symbol(), entry.side(), entry.size().toPlainString(),
                    entry.limitPrice().toPlainString(), stop.triggerPrice().toPlainString());
        }
        if (withTakeProfit != null) {
            takeProfit(withTakeProfit, entry, placed.entry(), now);
        }
        event(now, "entry", c.symbol() + " " + entry.side() + " " + entry.size().toPlainString() + " (" + c.why()
                + (placed.atomic() ? "; stop attached " : "; stop after it, ") + stop.triggerPrice().toPlainString()
                + ")");
        if (ours) {
            readNow(now);
        }
    }

    /**
     * The take-profit an intent asked for, once its entry filled: a reduce-only take-profit trigger order on the
     * venue for what filled (Hyperliquid: a tpsl "tp" trigger; Lighter: a TAKE_PROFIT order). It never opens
     * anything; when the position closes otherwise, protection cancels it as a reduce-only trigger without position.
     */
    private void takeProfit(Intent intent, OrderRequest entry, Order filled, long now) {
        BigDecimal size = filled.filledSize() == null ? BigDecimal.ZERO : filled.filledSize();
        if (size.signum() <= 0) {
            refuse(intent, now, "takeProfit not placed: the entry has not filled (status " + filled.status() + ")");
            return;
        }
        MarketInfo market = markets.get(entry.symbol());
        BigDecimal trigger = market == null ? intent.takeProfit()
                : RiskManager.roundToStep(intent.takeProfit(), market.tickSize());
        String clientId = ownership.nextClientId();
        OrderRequest tp = new OrderRequest(clientId, entry.symbol(), entry.side().opposite(),
                OrderType.TAKE_PROFIT_MARKET, size, null, trigger, true);
        log.info("event=take_profit_sent client_id={} entry_client_id={} symbol={} size={} trigger={}", clientId,
                entry.clientId(), entry.symbol(), size.toPlainString(), trigger.toPlainString());
        desk.send(tp, Purpose.EXIT, now, false, "take-profit at " + trigger.toPlainString());
        feed.sent(clientId, "take_profit");
    }

    /** A stream that normally speaks fell silent: a REST snapshot fills the gap (reconnecting is the client's). */
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

    // ---------------------------------------------------------------- risk halts and control

    private void checkDailyLoss(Account account, long now) {
        String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        if (!today.equals(day) || dayStartEquity == null) {
            day = today;
            dayStartEquity = account.equity();
            record(() -> {
                journal.putMeta("day", today);
                journal.putMeta("day_start_equity", account.equity().toPlainString());
            });
            if (haltReason != null) {
                log.info("event=halt_cleared reason=\"new day\"");
                event(now, "halt_cleared", "new day " + today);
                emit(new EngineEvent.HaltCleared("new day " + today));
            }
            haltReason = null;
        }
        if (haltReason == null && risk.dailyLossExceeded(dayStartEquity, account.equity())) {
            BigDecimal loss = dayStartEquity.subtract(account.equity());
            haltReason = "daily loss " + money(loss) + " of " + money(risk.config().maxDailyLoss()) + " USDC since "
                    + HH_MM.format(clock.instant());
            log.warn("event=halted reason=\"{}\" day_start_equity={} equity={}", haltReason,
                    dayStartEquity.toPlainString(), account.equity().toPlainString());
            event(now, "halted", haltReason);
            emit(new EngineEvent.Halted(haltReason));
        }
    }

    private static String money(BigDecimal v) {
        return v.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    public void pause(String by) {
        onLoop(() -> {
            setPaused(true, by);
            return null;
        });
    }

    /**
     * Lets the strategy decide again. A risk halt is lifted too: the person has seen the day's loss, and the daily
     * limit counts again from the equity of this moment.
     */
    public void resume(String by) {
        onLoop(() -> {
            setPaused(false, by);
            if (haltReason != null) {
                long now = clock.millis();
                Account a = snapshot.account();
                String was = haltReason;
                haltReason = null;
                if (a != null) {
                    dayStartEquity = a.equity();
                    record(() -> journal.putMeta("day_start_equity", a.equity().toPlainString()));
                }
                log.info("event=halt_cleared by={} was=\"{}\" loss_counted_from={}", by, was,
                        a == null ? "-" : a.equity().toPlainString());
                event(now, "halt_cleared", "by " + by + " (was: " + was + ")");
                emit(new EngineEvent.HaltCleared("by " + by));
                publishHealthOnly(now);
            }
            return null;
        });
    }

    private void setPaused(boolean value, String by) {
        long now = clock.millis();
        if (paused != value) {
            paused = value;
            pausedBy = value ? by : null;
            pausedAt = value ? now : 0;
            boolean kept = record(() -> {
                journal.putMeta("paused", Boolean.toString(value));
                journal.putMeta("paused_by", value ? by : "");
                journal.putMeta("paused_at", Long.toString(value ? now : 0));
            });
            log.info("event={} by={} survives_restart={}", value ? "paused" : "resumed", by, kept);
            event(now, value ? "paused" : "resumed", "by " + by);
            emit(value ? new EngineEvent.Paused(by) : new EngineEvent.Resumed(by));
        }
        publishHealthOnly(now);
    }

    /**
     * Pauses (so the strategy does not reopen), cancels resting entries and closes every position at market, from
     * the latest view and again from every view after it until the venue shows the account flat. Returns the number
     * of positions it is closing.
     */
    public int flatten(String by) {
        return onLoop(() -> {
            long now = clock.millis();
            setPaused(true, by);
            flattening = by;
            flattenRounds = 0;
            Snapshot s = snapshot;
            for (Order o : s.openOrders()) {
                if (!o.reduceOnly()) {
                    desk.cancel(o, now, "flatten");
                }
            }
            int n = 0;
            if (protection.held() != null) {
                for (Position p : protection.held().values()) {
                    if (!desk.busy(p.symbol())) {
                        desk.close(p, Purpose.FLATTEN, now, "flatten by " + by);
                    }
                    n++;
                }
            }
            readWanted = true;
            return n;
        });
    }

    private void flattenRound(VenueView view, long now) {
        List<Position> left = view.positions().stream().filter(p -> p.size().signum() != 0).toList();
        if (left.isEmpty()) {
            log.info("event=flattened by={} rounds={}", flattening, flattenRounds);
            emit(new EngineEvent.Flattened(flattening, 0));
            flattening = null;
            return;
        }
        flattenRounds++;
        for (Position p : left) {
            if (trusted(p.symbol(), view)) {
                desk.close(p, Purpose.FLATTEN, now, "flatten by " + flattening);
            }
        }
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

    private void emit(EngineEvent e) {
        for (EngineListener l : listeners) {
            try {
                l.on(e);
            } catch (RuntimeException ex) {
                log.warn("event=listener_failed listener={} error=\"{}\"", l.getClass().getSimpleName(), ex.toString());
            }
        }
    }

    private boolean record(Runnable write) {
        return gate.record(write);
    }

    private <T> T read(java.util.function.Supplier<T> read) {
        return gate.read(read);
    }

    private void event(long now, String kind, String detail) {
        gate.event(now, kind, detail);
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
                Map.copyOf(view.marks()), now, lastVenueOkAt, venueError, lastMarkAt, unprotected, paused, pausedBy,
                pausedAt, haltReason, gate.error(), gate.failingSince());
        snapshot = s;
        onSnapshot.accept(s);
    }

    private void publishHealthOnly(long now) {
        Snapshot old = snapshot;
        Snapshot s = new Snapshot(old.positions(), old.openOrders(), old.account(), old.marks(), old.lastLoopAt(),
                lastVenueOkAt, venueError, lastMarkAt, old.unprotected(), paused, pausedBy, pausedAt, haltReason,
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
        if (!startupDone.isDone()) {
            startupDone.completeExceptionally(new IllegalStateException("closed before start-up protection finished"));
        }
    }
}
