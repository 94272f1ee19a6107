package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.contract.PositionView;
import pog.trader.journal.Journal;
import pog.trader.journal.Journal.Purpose;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Intent;
import pog.trader.strategy.IntentCheck;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.Side;
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
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One trader's brain. All state changes happen on the loop thread; {@link #snapshot()} is what everyone else reads.
 * The order of every iteration is deliberate: read the venue, journal fills, protect positions, then trade.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    /** A PENDING entry/exit older than this is not sent again: the moment it was meant for has passed. */
    private static final long PENDING_RESEND_MILLIS = 10_000;
    private static final long EQUITY_SAMPLE_MILLIS = 5_000;
    /** After this many refused stops in a row, the position is closed at market. */
    static final int MAX_STOP_REJECTIONS = 3;
    private static final java.time.format.DateTimeFormatter HH_MM =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final String service;
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
    private final Map<String, MarketInfo> markets = new HashMap<>();
    /** The stop price the trader means to keep for each held symbol. */
    private final Map<String, BigDecimal> stopPrices = new HashMap<>();
    private final Map<String, Signal> lastSignal = new HashMap<>();
    /** Symbols entered this iteration whose first stop is about to be placed (not a replacement). */
    private final Set<String> awaitingFirstStop = new HashSet<>();
    /** Consecutive refusals of a symbol's stop by the venue. */
    private final Map<String, Integer> stopRejections = new HashMap<>();
    private final Counters counters = new Counters();
    /** When the venue last showed each held symbol fully covered by its stops (loop thread only). */
    private final Map<String, Long> verifiedAt = new HashMap<>();
    /** Set by the order stream when a stop left the venue unasked: the next iteration runs at once. */
    private final java.util.concurrent.atomic.AtomicBoolean auditNow = new java.util.concurrent.atomic.AtomicBoolean();

    private volatile Snapshot snapshot = Snapshot.empty();
    private volatile long lastMarkAt;
    private AutoCloseable subscription;
    private long lastBarAt;
    private long lastEquityAt;
    private long lastVenueOkAt;
    private String venueError;
    private boolean paused;
    /** Who paused, and when (for the health text); survives restarts with the pause itself. */
    private String pausedBy;
    private long pausedAt;
    private String haltReason;
    /** The UTC day the daily loss is counted for, and the equity it is counted from. */
    private String day;
    private BigDecimal dayStartEquity;
    /** Why the journal cannot be written (null: it can), and since when. */
    private String journalError;
    private long journalFailingSince;
    /** Set after a failed journal write: the rest of this iteration does not wait on the journal again. */
    private boolean journalSkipRest;
    /** Symbols whose entry was skipped for the journal since it failed, so the log says it once each. */
    private final Set<String> skippedWhileJournalDown = new HashSet<>();

    /** Monotonic counts for /metrics. */
    public static final class Counters {
        public volatile long ordersPlaced;
        public volatile long stopsPlaced;
        public volatile long stopsReplaced;
        public volatile long venueErrors;
        public volatile long loops;
    }

    public Engine(String service, Venue venue, Journal journal, Strategy strategy, RiskManager risk, Clock clock,
                  long loopMillis, long barMillis, List<String> symbols, Consumer<Snapshot> onSnapshot) {
        this.service = service;
        this.venue = venue;
        this.journal = journal;
        this.strategy = strategy;
        this.risk = risk;
        this.clock = clock;
        this.loopMillis = loopMillis;
        this.barMillis = barMillis;
        this.symbols = List.copyOf(symbols);
        this.onSnapshot = onSnapshot;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trading-loop");
            t.setDaemon(true);
            return t;
        });
        this.paused = Boolean.parseBoolean(journal.meta("paused", "false"));
        String by = journal.meta("paused_by", "");
        this.pausedBy = paused && !by.isEmpty() ? by : null;
        this.pausedAt = Long.parseLong(journal.meta("paused_at", "0"));
        this.day = journal.meta("day", null);
        String start = journal.meta("day_start_equity", null);
        this.dayStartEquity = start == null ? null : new BigDecimal(start);
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

    // ---------------------------------------------------------------- start-up

    /** Brings the journal in line with the venue and re-places missing stops. Runs before the loop starts. */
    public ReconcileReport reconcile() {
        return onLoop(this::reconcileNow);
    }

    public record ReconcileReport(int positions, int openOrders, int newFills, int stopsPlaced, int pendingResolved,
                                  int duplicatesCancelled, int unprotected) {
    }

    private ReconcileReport reconcileNow() {
        long now = clock.millis();
        for (MarketInfo m : venue.markets()) {
            markets.put(m.symbol(), m);
        }
        for (String s : symbols) {
            if (!markets.containsKey(s)) {
                throw new IllegalStateException("venue " + venue.name() + " has no market " + s
                        + " (it has " + String.join(", ", markets.keySet()) + ")");
            }
        }
        List<Position> positions = venue.positions();
        List<Order> open = venue.openOrders();
        journalSkipRest = false;
        record(() -> journal.heartbeat(now));
        Long cursor = read(journal::fillCursor);
        List<Fill> fills = cursor == null ? List.of() : venue.fillsSince(cursor);
        int[] newFills = new int[1];
        record(() -> {
            newFills[0] = journal.fills(fills);
            markFilled(fills, now);
        });
        int[] pendingResolved = new int[1];
        record(() -> pendingResolved[0] = resolvePending(open, fills, now, true));
        Map<String, Journal.JournalPosition> known = read(journal::positions);
        for (Journal.JournalPosition jp : known == null ? List.<Journal.JournalPosition>of() : known.values()) {
            if (jp.stopPrice() != null) {
                stopPrices.put(jp.symbol(), jp.stopPrice());
            }
        }
        for (Order o : open) {
            if (isStopFor(o, o.symbol()) && !stopPrices.containsKey(o.symbol())) {
                stopPrices.put(o.symbol(), o.triggerPrice());
            }
        }
        long stopsBefore = counters.stopsPlaced;
        ProtectResult pr = protect(positions, open, now);
        record(() -> journal.positions(positions, stopPrices, now));
        lastVenueOkAt = now;
        ReconcileReport report = new ReconcileReport(positions.size(), open.size(), newFills[0],
                (int) (counters.stopsPlaced - stopsBefore), pendingResolved[0], pr.duplicatesCancelled, pr.unprotected);
        event(now, "reconciled", report.toString());
        log.info("event=reconciled positions={} open_orders={} new_fills={} stops_placed={} pending_resolved={} "
                        + "duplicates_cancelled={} unprotected={}", report.positions(), report.openOrders(),
                report.newFills(), report.stopsPlaced(), report.pendingResolved(), report.duplicatesCancelled(),
                report.unprotected());
        publish(positions, pr.open, venue.account(), venue.marks(), now);
        return report;
    }

    public void start() {
        try {
            subscription = venue.subscribe(new VenueListener() {
                @Override
                public void onMark(String symbol, BigDecimal mark, long time) {
                    lastMarkAt = clock.millis();
                }

                @Override
                public void onOrder(Order order) {
                    // A stop that left the venue (cancelled by hand, expired) is re-placed now, not at the next poll.
                    if (order.type() == OrderType.STOP_MARKET && order.status() == OrderStatus.CANCELLED
                            && auditNow.compareAndSet(false, true)) {
                        log.info("event=stop_gone_on_stream client_id={} symbol={} action=audit_now",
                                order.clientId(), order.symbol());
                        try {
                            loop.execute(Engine.this::safeTick);
                        } catch (java.util.concurrent.RejectedExecutionException e) {
                            auditNow.set(false); // shutting down
                        }
                    }
                }
            });
        } catch (VenueException e) {
            log.warn("event=subscribe_failed venue={} error={}", venue.name(), e.getMessage());
        }
        loop.scheduleWithFixedDelay(this::safeTick, 0, loopMillis, TimeUnit.MILLISECONDS);
        log.info("event=loop_started loop_ms={} bar_ms={} strategy=\"{}\" paused={}", loopMillis, barMillis,
                strategy.describe(), paused);
    }

    // ---------------------------------------------------------------- the loop

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a bug or a journal failure must not kill the loop thread: the next iteration still protects positions
            log.error("event=loop_error error={}", e.toString(), e);
        }
    }

    /** One iteration. Public for tests, which drive the loop by hand with a fixed clock. */
    public void tick() {
        auditNow.set(false);
        long now = clock.millis();
        counters.loops++;
        journalSkipRest = false;
        // first, so that a journal that cannot be written is known before anything is decided this iteration
        record(() -> journal.heartbeat(now));
        List<Position> positions;
        List<Order> open;
        Account account;
        Map<String, BigDecimal> marks;
        try {
            marks = venue.marks();
            account = venue.account();
            positions = venue.positions();
            open = venue.openOrders();
            Long cursor = read(journal::fillCursor);
            List<Fill> fills = cursor == null ? List.of() : venue.fillsSince(cursor);
            // not journaled, the cursor stays: the same fills come again next time and are journaled then
            if (!fills.isEmpty() && record(() -> {
                journal.fills(fills);
                markFilled(fills, now);
            })) {
                for (Fill f : fills) {
                    log.info("event=fill symbol={} side={} size={} price={} realized_pnl={} liquidation={} client_id={}",
                            f.symbol(), f.side(), f.size().toPlainString(), f.price().toPlainString(),
                            f.realizedPnl().toPlainString(), f.liquidation(), f.clientId());
                }
            }
            List<Order> openNow = open;
            record(() -> resolvePending(openNow, fills, now, false));
            venueOk(now);
        } catch (VenueException e) {
            venueFailed(e, now);
            publishHealthOnly(now);
            return;
        }
        if (!marks.isEmpty()) {
            // venues without a push feed still count a successful poll as fresh market data
            lastMarkAt = Math.max(lastMarkAt, now);
        }
        try {
            ProtectResult pr = protect(positions, open, now);
            open = pr.open;
            checkDailyLoss(account, now);
            if (now - lastBarAt >= barMillis) {
                lastBarAt = now;
                boolean traded = false;
                for (String symbol : symbols) {
                    BigDecimal mark = marks.get(symbol);
                    if (mark != null) {
                        traded |= act(symbol, mark, now, positions, account);
                    }
                }
                if (traded) {
                    positions = venue.positions();
                    open = venue.openOrders();
                    open = protect(positions, open, now).open;
                    account = venue.account();
                }
            }
            if (now - lastEquityAt >= EQUITY_SAMPLE_MILLIS) {
                Account sampled = account;
                if (record(() -> {
                    journal.equity(sampled);
                    journal.checkpoint();
                })) {
                    lastEquityAt = now;
                }
            }
            List<Position> held = positions;
            record(() -> journal.positions(held, stopPrices, now));
            venueOk(now);
        } catch (VenueException e) {
            venueFailed(e, now);
        }
        publish(positions, open, account, marks, now);
    }

    private boolean act(String symbol, BigDecimal mark, long now, List<Position> positions, Account account) {
        Position held = find(positions, symbol);
        Intent intent = decide(new StrategyEvent.Bar(symbol, now, mark, held == null ? BigDecimal.ZERO : held.size(),
                held == null ? null : held.entryPrice(), account.equity(),
                !paused && haltReason == null && journalError == null));
        Signal signal = intent == null ? Signal.NONE : intent.target();
        Signal previous = lastSignal.put(symbol, signal);
        if (signal == Signal.NONE || signal == previous || paused) {
            // paused: the strategy still learns prices but decides nothing; protection carries on regardless
            return false;
        }
        if (held != null) {
            boolean against = signal == Signal.FLAT || (signal == Signal.LONG) != held.isLong();
            if (!against) {
                return false;
            }
            close(held, Purpose.EXIT, now, signal == Signal.FLAT ? "strategy wants flat"
                    : "trend turned " + signal.name().toLowerCase());
            return true;
        }
        if (signal == Signal.FLAT) {
            return false;
        }
        if (haltReason != null) {
            return false;
        }
        if (journalError != null) {
            // the write-ahead rule: an entry that cannot be journaled first is not sent (said once per symbol)
            if (skippedWhileJournalDown.add(symbol)) {
                log.info("event=entry_skipped symbol={} signal={} reason=\"journal not writable\"", symbol, signal);
            }
            return false;
        }
        String refused = IntentCheck.refusal(intent, risk.config());
        if (refused != null) {
            refuse(intent, now, refused);
            return false;
        }
        return enter(intent, signal == Signal.LONG ? Side.BUY : Side.SELL, mark, positions, account, now,
                new RiskManager(IntentCheck.sizing(intent, risk.config())));
    }

    /** The strategy call site: a bar in, this symbol's last intent out (null: no opinion). */
    private Intent decide(StrategyEvent.Bar bar) {
        List<Intent> intents;
        try {
            intents = strategy.onEvent(bar);
        } catch (RuntimeException e) {
            // a plug-in's bug decides nothing; protection already ran this iteration and runs in every next one
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

    private boolean enter(Intent intent, Side side, BigDecimal mark, List<Position> positions, Account account, long now,
                          RiskManager sizer) {
        String symbol = intent.symbol();
        MarketInfo market = markets.get(symbol);
        BigDecimal openNotional = BigDecimal.ZERO;
        for (Position p : positions) {
            openNotional = openNotional.add(p.size().abs().multiply(p.markPrice()));
        }
        RiskManager.Sizing sizing = sizer.size(account.equity(), account.available(), mark, openNotional, market);
        if (!sizing.allowed()) {
            log.info("event=entry_skipped symbol={} side={} reason=\"{}\"", symbol, side, sizing.reason());
            refuse(intent, now, sizing.reason());
            return false;
        }
        String clientId = read(() -> journal.nextClientId(service));
        String stopId = clientId == null ? null : read(() -> journal.nextProtectiveClientId(service));
        if (clientId == null || stopId == null) {
            log.info("event=entry_skipped symbol={} side={} reason=\"journal not writable\"", symbol, side);
            return false;
        }
        OrderRequest request = OrderRequest.market(clientId, symbol, side, sizing.size(), false);
        BigDecimal trigger = sizer.stopPrice(side, mark, market);
        OrderRequest stop = OrderRequest.stopLoss(stopId, symbol, side.opposite(), sizing.size(), trigger);
        ProtectedEntry placed = sendWithStop(request, stop, now);
        if (placed.entry().status() == OrderStatus.REJECTED) {
            log.warn("event=entry_refused symbol={} side={} size={} client_id={} reason=\"{}\"", symbol, side,
                    sizing.size().toPlainString(), clientId, placed.entry().rejectReason());
            return false;
        }
        stopPrices.put(symbol, placed.stop() != null && placed.stop().triggerPrice() != null
                ? placed.stop().triggerPrice() : trigger);
        if (placed.stop() == null || placed.stop().status() == OrderStatus.REJECTED) {
            // not on the venue with the entry: the caller re-reads positions and protects at once
            awaitingFirstStop.add(symbol);
        }
        event(now, "entry", symbol + " " + side + " " + sizing.size().toPlainString() + " (" + sizing.reason()
                + (placed.atomic() ? "; stop attached " : "; stop after it, ") + trigger.toPlainString() + ")");
        return true;
    }

    /**
     * An entry and its stop in one request when the venue can: both intents journaled first (an entry whose intent
     * cannot be journaled is not sent), both answers journaled after. A venue that could not group them is logged
     * with its reason.
     */
    private ProtectedEntry sendWithStop(OrderRequest entry, OrderRequest stop, long now) {
        if (!record(() -> {
            journal.intent(entry, Purpose.ENTRY, now);
            journal.intent(stop, Purpose.STOP, now);
        })) {
            log.warn("event=order_not_sent client_id={} symbol={} purpose=ENTRY reason=\"journal not writable\"",
                    entry.clientId(), entry.symbol());
            return new ProtectedEntry(rejected(entry, "journal not writable", now), null, null);
        }
        ProtectedEntry placed;
        try {
            placed = venue.placeWithStop(entry, stop);
        } catch (VenueException e) {
            if (!e.retryable()) {
                record(() -> journal.orderStatus(entry.clientId(), "REJECTED", e.getMessage(), now));
                return new ProtectedEntry(rejected(entry, e.getMessage(), now), null, null);
            }
            throw e;
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
                        + " stop_client_id={} stop_trigger={} stop_status={} atomic={}", entry.clientId(),
                placed.entry().orderId(), entry.symbol(), entry.side(), entry.type(), entry.size().toPlainString(),
                placed.entry().status(), stop.clientId(), stop.triggerPrice().toPlainString(),
                placed.stop() == null ? "attached" : placed.stop().status(), placed.atomic());
        return placed;
    }

    private void close(Position p, Purpose purpose, long now, String why) {
        OrderRequest request = OrderRequest.market(journal.nextProtectiveClientId(service), p.symbol(),
                p.closingSide(), p.size().abs(), true);
        Order order = send(request, purpose, now);
        event(now, purpose == Purpose.FLATTEN ? "flatten" : "exit",
                p.symbol() + " " + p.size().toPlainString() + " " + why + " -> " + order.status());
    }

    /**
     * Journals the intent, sends, journals the answer. The client id makes a resend after a timeout harmless. An
     * entry whose intent cannot be journaled is not sent; a reduce-only order (stop, exit, flatten) is sent all the
     * same: it cannot open anything, and protecting a position comes before remembering why.
     */
    private Order send(OrderRequest request, Purpose purpose, long now) {
        if (!record(() -> journal.intent(request, purpose, now))) {
            if (!request.reduceOnly()) {
                log.warn("event=order_not_sent client_id={} symbol={} purpose={} reason=\"journal not writable\"",
                        request.clientId(), request.symbol(), purpose);
                return rejected(request, "journal not writable", now);
            }
            log.warn("event=order_unjournaled client_id={} symbol={} purpose={} reason=\"journal not writable; a "
                    + "reduce-only order goes out regardless\"", request.clientId(), request.symbol(), purpose);
        }
        Order order;
        try {
            order = venue.place(request);
        } catch (VenueException e) {
            if (!e.retryable()) {
                record(() -> journal.orderStatus(request.clientId(), "REJECTED", e.getMessage(), now));
                log.warn("event=order_rejected client_id={} symbol={} purpose={} reason=\"{}\"", request.clientId(),
                        request.symbol(), purpose, e.getMessage());
                return rejected(request, e.getMessage(), now);
            }
            throw e;
        }
        counters.ordersPlaced++;
        Order answered = order;
        record(() -> journal.orderUpdate(answered, now));
        if (order.status() == OrderStatus.REJECTED) {
            log.warn("event=order_rejected client_id={} symbol={} purpose={} reason=\"{}\"", request.clientId(),
                    request.symbol(), purpose, order.rejectReason());
        } else {
            log.info("event=order_sent client_id={} order_id={} symbol={} side={} type={} size={} trigger={} purpose={} status={}",
                    request.clientId(), order.orderId(), request.symbol(), request.side(), request.type(),
                    request.size().toPlainString(), request.triggerPrice() == null ? "-" : request.triggerPrice().toPlainString(),
                    purpose, order.status());
        }
        return order;
    }

    private static Order rejected(OrderRequest r, String reason, long now) {
        return new Order(null, r.clientId(), r.symbol(), r.side(), r.type(), r.size(), BigDecimal.ZERO, r.limitPrice(),
                r.triggerPrice(), r.reduceOnly(), OrderStatus.REJECTED, reason, now, now);
    }

    // ---------------------------------------------------------------- protection

    private record ProtectResult(List<Order> open, int unprotected, int duplicatesCancelled) {
    }

    /**
     * Makes every position covered by exactly one reduce-only stop for its full size, and removes stops that cover
     * nothing. A stop found missing that the trader did not just open is logged as a replacement.
     */
    private ProtectResult protect(List<Position> positions, List<Order> open, long now) {
        boolean changed = false;
        int unprotected = 0;
        int duplicates = 0;
        for (Position p : positions) {
            List<Order> stops = new ArrayList<>();
            for (Order o : open) {
                if (isStopFor(o, p.symbol()) && o.side() == p.closingSide()) {
                    stops.add(o);
                }
            }
            BigDecimal target = p.size().abs();
            Order keep = null;
            for (Order s : stops) {
                if (s.remaining().compareTo(target) == 0 && (keep == null
                        || s.triggerPrice().equals(stopPrices.get(p.symbol())))) {
                    keep = s;
                }
            }
            if (keep == null) {
                MarketInfo market = markets.get(p.symbol());
                BigDecimal trigger = stopPrices.get(p.symbol());
                if (trigger == null || !onLosingSide(p, trigger)) {
                    trigger = trigger != null ? trigger
                            : risk.stopPrice(p.isLong() ? Side.BUY : Side.SELL, p.entryPrice(), market);
                }
                if (crossed(p, trigger)) {
                    // the stop would already have fired: do what it would have done
                    log.warn("event=stop_already_crossed symbol={} size={} trigger={} mark={}", p.symbol(),
                            p.size().toPlainString(), trigger.toPlainString(), p.markPrice().toPlainString());
                    close(p, Purpose.EXIT, now, "mark already through stop " + trigger.toPlainString());
                    changed = true;
                    continue;
                }
                boolean replacing = !awaitingFirstStop.remove(p.symbol());
                OrderRequest req = OrderRequest.stopLoss(journal.nextProtectiveClientId(service), p.symbol(),
                        p.closingSide(), target, trigger);
                Order placed = send(req, Purpose.STOP, now);
                changed = true;
                if (placed.status() == OrderStatus.REJECTED) {
                    int failures = stopRejections.merge(p.symbol(), 1, Integer::sum);
                    if (failures >= MAX_STOP_REJECTIONS) {
                        // a position the venue will not let us protect is closed, not held naked
                        log.error("event=unprotectable_position symbol={} size={} rejections={} reason=\"{}\"",
                                p.symbol(), p.size().toPlainString(), failures, placed.rejectReason());
                        close(p, Purpose.EXIT, now, "stop rejected " + failures + " times (" + placed.rejectReason()
                                + "): closing rather than holding it unprotected");
                        stopRejections.remove(p.symbol());
                    } else {
                        unprotected++;
                    }
                    continue;
                }
                stopRejections.remove(p.symbol());
                counters.stopsPlaced++;
                stopPrices.put(p.symbol(), trigger);
                if (replacing) {
                    counters.stopsReplaced++;
                    log.warn("event=stop_replaced symbol={} size={} trigger={} previous_stops={} reason=\"{}\"",
                            p.symbol(), target.toPlainString(), trigger.toPlainString(), stops.size(),
                            stops.isEmpty() ? "stop missing" : "stop size did not match position");
                    event(now, "stop_replaced", p.symbol() + " trigger " + trigger.toPlainString()
                            + (stops.isEmpty() ? " (missing)" : " (size mismatch)"));
                }
            } else {
                stopPrices.put(p.symbol(), keep.triggerPrice());
            }
            for (Order s : stops) {
                if (s != keep) {
                    cancel(s, now, keep == null ? "resized" : "duplicate");
                    duplicates++;
                    changed = true;
                }
            }
        }
        for (Order o : open) {
            if (o.type().isTrigger() && o.reduceOnly() && find(positions, o.symbol()) == null) {
                cancel(o, now, "no position");
                stopPrices.remove(o.symbol());
                changed = true;
            }
        }
        for (String symbol : new ArrayList<>(stopPrices.keySet())) {
            if (find(positions, symbol) == null) {
                stopPrices.remove(symbol);
            }
        }
        List<Order> current = changed ? venue.openOrders() : open;
        if (changed) {
            unprotected = countUnprotected(positions, current);
        }
        return new ProtectResult(current, unprotected, duplicates);
    }

    private void cancel(Order o, long now, String why) {
        boolean cancelled = venue.cancel(o.symbol(), o.clientId());
        record(() -> journal.orderStatus(o.clientId(), "CANCELLED", why, now));
        log.info("event=order_cancelled client_id={} symbol={} reason={} was_open={}", o.clientId(), o.symbol(), why,
                cancelled);
    }

    private static boolean isStopFor(Order o, String symbol) {
        return o.symbol().equals(symbol) && o.type() == OrderType.STOP_MARKET && o.reduceOnly() && o.isOpen();
    }

    private static boolean onLosingSide(Position p, BigDecimal trigger) {
        return p.isLong() ? trigger.compareTo(p.entryPrice()) < 0 || trigger.compareTo(p.markPrice()) < 0
                : trigger.compareTo(p.entryPrice()) > 0 || trigger.compareTo(p.markPrice()) > 0;
    }

    private static boolean crossed(Position p, BigDecimal trigger) {
        return p.isLong() ? p.markPrice().compareTo(trigger) <= 0 : p.markPrice().compareTo(trigger) >= 0;
    }

    private static int countUnprotected(List<Position> positions, List<Order> open) {
        int n = 0;
        for (Position p : positions) {
            BigDecimal covered = BigDecimal.ZERO;
            for (Order o : open) {
                if (isStopFor(o, p.symbol()) && o.side() == p.closingSide()) {
                    covered = covered.add(o.remaining());
                }
            }
            if (covered.compareTo(p.size().abs()) < 0) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- pending intents and fills

    /**
     * Orders journaled as PENDING had no answer (timeout or crash). The venue knows them by client id: open or
     * filled there means sent. Nothing is ever sent again from here: a stop not found is abandoned and
     * {@link #protect} places a fresh one; an entry or exit not found is abandoned once it is older than any answer
     * could be, since its moment has passed.
     */
    private int resolvePending(List<Order> open, List<Fill> fills, long now, boolean startup) {
        int resolved = 0;
        for (Journal.JournalOrder jo : journal.ordersWithStatus("PENDING")) {
            Order onVenue = open.stream().filter(o -> jo.clientId().equals(o.clientId())).findFirst().orElse(null);
            boolean filled = fills.stream().anyMatch(f -> jo.clientId().equals(f.clientId()));
            if (onVenue != null) {
                journal.orderUpdate(onVenue, now);
            } else if (filled) {
                journal.orderStatus(jo.clientId(), "FILLED", null, now);
            } else if (jo.purpose() == Purpose.STOP || startup || now - jo.createdAt() > PENDING_RESEND_MILLIS) {
                journal.orderStatus(jo.clientId(), "ABANDONED", "no answer; not found on venue", now);
            } else {
                continue;
            }
            resolved++;
            log.info("event=pending_resolved client_id={} purpose={} outcome={}", jo.clientId(), jo.purpose(),
                    onVenue != null ? "open" : filled ? "filled" : "abandoned");
        }
        return resolved;
    }

    private void markFilled(List<Fill> fills, long now) {
        for (Fill f : fills) {
            if (f.clientId() != null) {
                journal.orderStatus(f.clientId(), "FILLED", f.liquidation() ? "liquidation" : null, now);
            }
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
        }
        publishHealthOnly(now);
    }

    /** Pauses (so the strategy does not reopen), cancels resting entries, closes every position at market. */
    public int flatten(String by) {
        return onLoop(() -> {
            long now = clock.millis();
            setPaused(true, by);
            List<Order> open = venue.openOrders();
            for (Order o : open) {
                if (!o.reduceOnly()) {
                    cancel(o, now, "flatten");
                }
            }
            List<Position> positions = venue.positions();
            for (Position p : positions) {
                close(p, Purpose.FLATTEN, now, "flatten by " + by);
            }
            List<Position> after = venue.positions();
            List<Order> remaining = protect(after, venue.openOrders(), now).open;
            record(() -> journal.positions(after, stopPrices, now));
            log.info("event=flattened by={} closed={} still_open={}", by, positions.size(), after.size());
            publish(after, remaining, venue.account(), venue.marks(), now);
            return positions.size();
        });
    }

    /**
     * What a stop leaves behind, read from the venue one last time (not from the last snapshot): every open position
     * with the reduce-only stop size resting for it. {@code clean}: flat, or every position fully covered by its stop.
     */
    public record LeftBehind(boolean clean, String detail, List<PositionView> positions, long verifiedAt) {
    }

    /** Reads the venue on the loop (so no decision runs meanwhile); a venue that cannot be read is not clean. */
    public LeftBehind leftBehind() {
        try {
            return onLoop(() -> {
                long now = clock.millis();
                List<Position> positions = venue.positions();
                List<Order> open = venue.openOrders();
                List<PositionView> views = new ArrayList<>();
                List<String> bare = new ArrayList<>();
                for (Position p : positions) {
                    if (p.size().signum() == 0) {
                        continue;
                    }
                    BigDecimal covered = BigDecimal.ZERO;
                    BigDecimal stop = null;
                    String stopId = null;
                    for (Order o : open) {
                        if (isStopFor(o, p.symbol()) && o.side() == p.closingSide()) {
                            covered = covered.add(o.remaining());
                            stop = o.triggerPrice();
                            stopId = o.orderId();
                        }
                    }
                    boolean ok = covered.compareTo(p.size().abs()) >= 0;
                    String state = ok ? PositionView.Protection.VERIFIED
                            : stop == null ? PositionView.Protection.MISSING : PositionView.Protection.SIZE_MISMATCH;
                    views.add(new PositionView(p.symbol(), p.isLong() ? "long" : "short", p.size().abs(),
                            p.entryPrice(), p.markPrice(), p.unrealizedPnl(), stop, ok, now,
                            new PositionView.Protection(state, stopId, stop, ok ? now : null)));
                    if (!ok) {
                        bare.add(p.symbol() + " " + (p.isLong() ? "long " : "short ") + p.size().abs().toPlainString()
                                + " with " + covered.toPlainString() + " covered by stops");
                    }
                }
                String where = " on " + venue.name();
                String detail = views.isEmpty() ? "flat" + where
                        : bare.isEmpty() ? views.size() + " position(s) left" + where + ", each with its stop resting"
                        : bare.size() + " of " + views.size() + " position(s) left" + where + " without a full stop: "
                        + String.join("; ", bare);
                return new LeftBehind(bare.isEmpty(), detail, List.copyOf(views), now);
            });
        } catch (RuntimeException e) {
            return new LeftBehind(false, "could not read " + venue.name() + " one last time: " + e.getMessage(),
                    List.of(), clock.millis());
        }
    }

    private <T> T onLoop(Callable<T> action) {
        try {
            return loop.submit(() -> {
                journalSkipRest = false;
                return action.call();
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

    // ---------------------------------------------------------------- the journal, when it fails

    /**
     * Runs a journal write (or a read-and-write); false when the journal failed. A failure is reported in health
     * and stops new entries until a write works again; it never stops the loop from protecting positions. After
     * one failure the rest of the iteration does not try again (a locked file would cost its timeout each time).
     */
    private boolean record(Runnable write) {
        if (journalSkipRest) {
            return false;
        }
        try {
            write.run();
            journalOk();
            return true;
        } catch (Journal.JournalException e) {
            journalFailed(e);
            return false;
        }
    }

    /** A journal read (or an allocation that may write); null when the journal failed. */
    private <T> T read(java.util.function.Supplier<T> read) {
        if (journalSkipRest) {
            return null;
        }
        try {
            return read.get();
        } catch (Journal.JournalException e) {
            journalFailed(e);
            return null;
        }
    }

    private void event(long now, String kind, String detail) {
        record(() -> journal.event(now, kind, detail));
    }

    private void journalOk() {
        if (journalError != null) {
            long failedFor = clock.millis() - journalFailingSince;
            log.info("event=journal_recovered failed_for_ms={} was=\"{}\"", failedFor, journalError);
            String was = journalError;
            journalError = null;
            skippedWhileJournalDown.clear();
            event(clock.millis(), "journal_recovered", "not writable for " + failedFor + " ms (" + was + ")");
        }
    }

    private void journalFailed(Journal.JournalException e) {
        journalSkipRest = true;
        if (journalError == null) {
            journalFailingSince = clock.millis();
            log.error("event=journal_not_writable reason=\"{}\" effect=\"no new entries; stops stay and are "
                    + "re-placed\"", e.reason());
        }
        journalError = e.reason();
    }

    // ---------------------------------------------------------------- snapshots

    private void venueOk(long now) {
        if (venueError != null) {
            log.info("event=venue_recovered venue={}", venue.name());
        }
        lastVenueOkAt = now;
        venueError = null;
    }

    private void venueFailed(VenueException e, long now) {
        counters.venueErrors++;
        if (venueError == null) {
            log.warn("event=venue_unreachable venue={} error=\"{}\"", venue.name(), e.getMessage());
        }
        venueError = e.getMessage();
    }

    private void publish(List<Position> positions, List<Order> open, Account account, Map<String, BigDecimal> marks,
                         long now) {
        List<PositionView> views = new ArrayList<>();
        for (Position p : positions) {
            BigDecimal covered = BigDecimal.ZERO;
            Order largest = null;
            for (Order o : open) {
                if (isStopFor(o, p.symbol()) && o.side() == p.closingSide()) {
                    covered = covered.add(o.remaining());
                    if (largest == null || o.remaining().compareTo(largest.remaining()) > 0) {
                        largest = o;
                    }
                }
            }
            boolean full = covered.compareTo(p.size().abs()) >= 0;
            String state;
            if (full && largest.orderId() != null) {
                state = PositionView.Protection.VERIFIED;
                verifiedAt.put(p.symbol(), now);
            } else if (full) {
                state = PositionView.Protection.PENDING; // accepted, the venue has not given it an id yet
            } else {
                state = largest == null ? PositionView.Protection.MISSING : PositionView.Protection.SIZE_MISMATCH;
            }
            BigDecimal stop = largest == null ? null : largest.triggerPrice();
            views.add(new PositionView(p.symbol(), p.isLong() ? "long" : "short", p.size().abs(), p.entryPrice(),
                    p.markPrice(), p.unrealizedPnl(), stop, full, p.observedAt(), new PositionView.Protection(state,
                    largest == null ? null : largest.orderId(), stop, verifiedAt.get(p.symbol()))));
        }
        verifiedAt.keySet().removeIf(symbol -> find(positions, symbol) == null);
        int unprotected = (int) views.stream().filter(v -> !v.protectedByStop()).count();
        Snapshot s = new Snapshot(List.copyOf(views), List.copyOf(open), account, Map.copyOf(marks), now,
                lastVenueOkAt, venueError, lastMarkAt, unprotected, paused, pausedBy, pausedAt, haltReason,
                journalError, journalFailingSince);
        snapshot = s;
        onSnapshot.accept(s);
    }

    private void publishHealthOnly(long now) {
        Snapshot old = snapshot;
        Snapshot s = new Snapshot(old.positions(), old.openOrders(), old.account(), old.marks(), now, lastVenueOkAt,
                venueError, lastMarkAt, old.unprotected(), paused, pausedBy, pausedAt, haltReason, journalError,
                journalFailingSince);
        snapshot = s;
        onSnapshot.accept(s);
    }

    private static Position find(List<Position> positions, String symbol) {
        for (Position p : positions) {
            if (p.symbol().equals(symbol) && p.size().signum() != 0) {
                return p;
            }
        }
        return null;
    }

    /** Stops the loop; positions and their stops stay on the venue. */
    @Override
    public void close() {
        loop.shutdown();
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                loop.shutdownNow();
            }
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
        strategy.close();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("event=unsubscribe_failed error={}", e.toString());
            }
        }
    }
}
