package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.trader.journal.Journal.Purpose;
import pog.trader.ownership.Ownership;
import pog.trader.reconcile.VenueView;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Intent;
import pog.trader.strategy.IntentCheck;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;
import pog.trader.strategy.StrategyFeed;
import pog.venue.Account;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.Side;
import pog.venue.VenueException;

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
import java.util.function.Consumer;

/**
 * The decision loop: bars on the newest view of the venue, the strategy's intents (to bars and to its other events),
 * entries with their stops, exits, resting limit entries and take-profits, and the trader's own brakes on opening
 * (pause, the daily-loss halt, flatten). It runs after protection on every view and never protects anything itself:
 * whatever it decides, {@link Protection} has already covered the positions. Decision thread only.
 */
final class DecisionLoop {
    private static final Logger log = LoggerFactory.getLogger(DecisionLoop.class);
    private static final java.time.format.DateTimeFormatter HH_MM =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** What the loop needs of the engine around it: its snapshots. */
    interface Around {
        Snapshot snapshot();

        void publishHealthOnly(long now);
    }

    private final Strategy strategy;
    private final RiskManager risk;
    private final StrategyFeed feed;
    private final List<String> symbols;
    private final long barMillis;
    private final Map<String, MarketInfo> markets;
    private final Protector protector;
    private final OrderDesk desk;
    private final Protection protection;
    private final Ownership ownership;
    /** When the venue is read: what is asked for here is acted on at the next view. */
    private final Reconciliation reads;
    private final JournalGate gate;
    private final Engine.Counters counters;
    private final Consumer<EngineEvent> emit;
    private final Clock clock;
    private final Around around;

    private final Map<String, Signal> lastSignal = new HashMap<>();
    /** Intents a strategy answered to an event other than a bar: acted on at the next view of the venue. */
    private final Map<String, Intent> pendingIntents = new LinkedHashMap<>();
    /** Take-profit prices (rounded to the tick) by the client id of the entry they go on once it fills. */
    private final Map<String, Intent> takeProfits = new HashMap<>();
    /** Limit entries resting on the venue (their stop waiting to attach on the fill), by symbol. */
    private final Map<String, Resting> resting = new HashMap<>();

    private record Resting(String clientId, Signal target, BigDecimal price) {
    }

    private long lastBarAt = Long.MIN_VALUE / 2;
    /** The newest view of the account, and when its read began: bars are decided on it. */
    private VenueView lastView;
    private long lastViewAt;
    /** When that view's answer came (a slow venue's views arrive seconds after their read began). */
    private long lastViewArrivedAt;
    /** The newest mark per symbol from the venue's push stream (any thread writes). */
    private final Map<String, StreamMark> streamMarks = new java.util.concurrent.ConcurrentHashMap<>();

    private record StreamMark(BigDecimal price, long at) {
    }

    private String flattening;
    private int flattenRounds;
    private boolean paused;
    /** Who paused, and when (for the health text); survives restarts with the pause itself. */
    private String pausedBy;
    private long pausedAt;
    private String haltReason;
    /** The UTC day the daily loss is counted for, and the equity it is counted from. */
    private String day;
    private BigDecimal dayStartEquity;

    DecisionLoop(Strategy strategy, RiskManager risk, StrategyFeed feed, List<String> symbols, long barMillis,
                 Map<String, MarketInfo> markets, Protector protector, OrderDesk desk, Protection protection,
                 Ownership ownership, Reconciliation reads, JournalGate gate, Engine.Counters counters,
                 Consumer<EngineEvent> emit, Clock clock, Around around) {
        this.strategy = strategy;
        this.risk = risk;
        this.feed = feed;
        this.symbols = symbols;
        this.barMillis = barMillis;
        this.markets = markets;
        this.protector = protector;
        this.desk = desk;
        this.protection = protection;
        this.ownership = ownership;
        this.reads = reads;
        this.gate = gate;
        this.counters = counters;
        this.emit = emit;
        this.clock = clock;
        this.around = around;
        // the pause and the day's loss count survive restarts
        var journal = gate.journal();
        this.paused = Boolean.parseBoolean(journal.meta("paused", "false"));
        String by = journal.meta("paused_by", "");
        this.pausedBy = paused && !by.isEmpty() ? by : null;
        this.pausedAt = Long.parseLong(journal.meta("paused_at", "0"));
        this.day = journal.meta("day", null);
        String start = journal.meta("day_start_equity", null);
        this.dayStartEquity = start == null ? null : new BigDecimal(start);
    }

    boolean paused() {
        return paused;
    }

    String pausedBy() {
        return pausedBy;
    }

    long pausedAt() {
        return pausedAt;
    }

    String haltReason() {
        return haltReason;
    }

    /** A mark from the venue's push stream (any thread): the newest price a bar is decided on. */
    void pushedMark(String symbol, BigDecimal mark, long at) {
        streamMarks.put(symbol, new StreamMark(mark, at));
    }

    /**
     * The trading part of a view's round, after protection: the daily loss, resting entries, the bar due now, and
     * what the strategy asked for on other events.
     */
    void onView(VenueView view, long now) {
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
    }

    /** Fills of a view, for a v2 strategy that trades their symbol (not at start-up: those are the past's). */
    void filled(List<pog.venue.Fill> fills) {
        if (!v2()) {
            return;
        }
        for (pog.venue.Fill f : fills) {
            if (feed.trades(f.symbol())) {
                tell(feed.fill(f));
            }
        }
    }

    /** Whether a flatten is going on (nothing is entered or exited by the strategy meanwhile). */
    boolean flattening() {
        return flattening != null;
    }

    /** The view bars are decided on until a newer one comes: when its read began, and when its answer came. */
    void keepForBars(VenueView view, long now) {
        lastView = view;
        lastViewAt = Math.min(now, reads.lastReadStartedAt());
        lastViewArrivedAt = now;
    }

    /**
     * Bars, every {@code barMillis}, on the timer: each symbol's newest mark (the push stream's, or the last read's
     * when that is newer) with the newest view of positions and account. No bar is decided more than two read periods
     * after the newest view's answer came (the venue is not answering: protection carries on, nothing new is traded).
     */
    void bars(long now) {
        if (reads.phase() != Reconciliation.Phase.TRADING || lastView == null || now - lastBarAt < barMillis) {
            return;
        }
        if (now - lastViewArrivedAt > 2 * reads.readEveryMillis() + 2_000) {
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

    boolean canOpen() {
        return !paused && haltReason == null && gate.error() == null;
    }

    boolean v2() {
        return strategy.contractVersion() >= 2;
    }

    /**
     * Limit entries rest only while the trader would open: paused, halted, the journal failing or the strategy down
     * cancels them (a fill then would open a position nobody decided). One no longer on the venue is forgotten; a
     * resting entry with this trader's client id that is not known here (left from before a restart) is cancelled too;
     * an order with any other id (a person's) is left alone.
     */
    void manageResting(VenueView view, long now) {
        String why = paused ? "paused" : haltReason != null ? "halted: " + haltReason
                : gate.error() != null ? "journal not writable" : !strategy.status().ok() ? "strategy down"
                : !ownership.mayOpen() ? "this trader may not open" : null;
        Set<String> known = new HashSet<>();
        for (Map.Entry<String, Resting> e : new ArrayList<>(resting.entrySet())) {
            String symbol = e.getKey();
            Order o = openOrder(view, e.getValue().clientId());
            if (o == null) {
                if (desk.trusted(symbol, view)) {
                    resting.remove(symbol);
                }
                continue;
            }
            known.add(o.clientId());
            if (why != null && desk.trusted(symbol, view)) {
                desk.cancel(o, now, "limit entry cancelled: " + why);
            }
        }
        for (Order o : view.openOrders()) {
            // only this trader's own ids (the account is this trader's here): a person's manual order is left alone
            if (o.isOpen() && !o.reduceOnly() && !o.type().isTrigger() && o.type() != OrderType.MARKET
                    && pog.venue.ClientId.parse(o.clientId()) != null && symbols.contains(o.symbol())
                    && !known.contains(o.clientId()) && desk.trusted(o.symbol(), view) && !resting.containsKey(o.symbol())) {
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
    void deliverDue(long now) {
        if (!v2()) {
            return;
        }
        for (StrategyEvent e : feed.due(now)) {
            tell(e);
        }
    }

    /** An event other than a bar: its intents are acted on at the next view (a fresh read is asked for). */
    void tell(StrategyEvent e) {
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
            reads.readNow(clock.millis());
        }
    }

    /** What the trader does with a strategy's intent for this symbol (null: no opinion), on this view. */
    private void execute(String symbol, Intent intent, BigDecimal mark, long now, VenueView view) {
        Position held = Protector.held(view.positions(), symbol);
        Signal signal = intent == null ? Signal.NONE : intent.target();
        if (!desk.trusted(symbol, view) || flattening != null) {
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
        String clientId = gate.read(ownership::nextClientId);
        String stopId = clientId == null ? null : gate.read(ownership::nextClientId);
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
        long kept = gate.mark();
        emit.accept(new EngineEvent.Intended(request, Purpose.ENTRY, now));
        emit.accept(new EngineEvent.Intended(stop, Purpose.STOP, now));
        if (!gate.heldSince(kept)) {
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
                emit.accept(new EngineEvent.NotTaken(entry.clientId(), ve.getMessage(), now));
                log.warn("event=entry_refused symbol={} side={} size={} client_id={} reason=\"{}\"", c.symbol(),
                        entry.side(), entry.size().toPlainString(), entry.clientId(), ve.getMessage());
                emit.accept(new EngineEvent.Rejected(entry.clientId(), c.symbol(), ve.getMessage()));
                return;
            }
            desk.unanswered(entry, failure, now);
            return;
        }
        counters.ordersPlaced++;
        emit.accept(new EngineEvent.Answered(placed.entry(), now));
        if (placed.stop() != null) {
            counters.stopsPlaced++;
            emit.accept(new EngineEvent.Answered(placed.stop(), now));
        }
        if (!placed.atomic()) {
            log.warn("event=protected_entry_fallback client_id={} symbol={} reason=\"{}\"", entry.clientId(),
                    entry.symbol(), placed.fallbackReason());
            emit.accept(new EngineEvent.Noted("entry_fallback", entry.symbol() + ": " + placed.fallbackReason(), now));
        }
        log.info("event=order_sent client_id={} order_id={} symbol={} side={} type={} size={} purpose=ENTRY status={}"
                        + " stop_client_id={} stop_trigger={} stop_status={} atomic={} latency_ms={}", entry.clientId(),
                placed.entry().orderId(), entry.symbol(), entry.side(), entry.type(), entry.size().toPlainString(),
                placed.entry().status(), stop.clientId(), stop.triggerPrice().toPlainString(),
                placed.stop() == null ? "attached" : placed.stop().status(), placed.atomic(), now - c.sentAt());
        if (placed.entry().status() == OrderStatus.REJECTED) {
            log.warn("event=entry_refused symbol={} side={} size={} client_id={} reason=\"{}\"", c.symbol(),
                    entry.side(), entry.size().toPlainString(), entry.clientId(), placed.entry().rejectReason());
            emit.accept(new EngineEvent.Rejected(entry.clientId(), c.symbol(), placed.entry().rejectReason()));
            return;
        }
        emit.accept(new EngineEvent.Acknowledged(entry.clientId(), c.symbol(), placed.entry().status().name()));
        if (placed.stop() != null) {
            emit.accept(placed.stop().status() == OrderStatus.REJECTED
                    ? new EngineEvent.Rejected(stop.clientId(), c.symbol(), placed.stop().rejectReason())
                    : new EngineEvent.Acknowledged(stop.clientId(), c.symbol(), placed.stop().status().name()));
        } else if (placed.atomic()) {
            emit.accept(new EngineEvent.Acknowledged(stop.clientId(), c.symbol(), "ATTACHED"));
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
        emit.accept(new EngineEvent.Noted("entry", c.symbol() + " " + entry.side() + " " + entry.size().toPlainString()
                + " (" + c.why() + (placed.atomic() ? "; stop attached " : "; stop after it, ")
                + stop.triggerPrice().toPlainString() + ")", now));
        if (ours) {
            reads.readNow(now);
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

    void checkDailyLoss(Account account, long now) {
        String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        if (!today.equals(day) || dayStartEquity == null) {
            day = today;
            dayStartEquity = account.equity();
            emit.accept(new EngineEvent.DayStarted(today, account.equity()));
            if (haltReason != null) {
                log.info("event=halt_cleared reason=\"new day\"");
                emit.accept(new EngineEvent.Noted("halt_cleared", "new day " + today, now));
                emit.accept(new EngineEvent.HaltCleared("new day " + today));
            }
            haltReason = null;
        }
        if (haltReason == null && risk.dailyLossExceeded(dayStartEquity, account.equity())) {
            BigDecimal loss = dayStartEquity.subtract(account.equity());
            haltReason = "daily loss " + money(loss) + " of " + money(risk.config().maxDailyLoss()) + " USDC since "
                    + HH_MM.format(clock.instant());
            log.warn("event=halted reason=\"{}\" day_start_equity={} equity={}", haltReason,
                    dayStartEquity.toPlainString(), account.equity().toPlainString());
            emit.accept(new EngineEvent.Halted(haltReason));
        }
    }

    private static String money(BigDecimal v) {
        return v.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    void pause(String by) {
        setPaused(true, by);
    }

    /**
     * Lets the strategy decide again. A risk halt is lifted too: the person has seen the day's loss, and the daily
     * limit counts again from the equity of this moment.
     */
    void resume(String by) {
        setPaused(false, by);
        if (haltReason != null) {
            long now = clock.millis();
            Account a = around.snapshot().account();
            String was = haltReason;
            haltReason = null;
            if (a != null) {
                dayStartEquity = a.equity();
                emit.accept(new EngineEvent.LossCountedFrom(a.equity()));
            }
            log.info("event=halt_cleared by={} was=\"{}\" loss_counted_from={}", by, was,
                    a == null ? "-" : a.equity().toPlainString());
            emit.accept(new EngineEvent.Noted("halt_cleared", "by " + by + " (was: " + was + ")", now));
            emit.accept(new EngineEvent.HaltCleared("by " + by));
            around.publishHealthOnly(now);
        }
    }

    private void setPaused(boolean value, String by) {
        long now = clock.millis();
        if (paused != value) {
            paused = value;
            pausedBy = value ? by : null;
            pausedAt = value ? now : 0;
            long mark = gate.mark();
            emit.accept(new EngineEvent.PauseChanged(value, by, now));
            boolean kept = gate.heldSince(mark);
            log.info("event={} by={} survives_restart={}", value ? "paused" : "resumed", by, kept);
            emit.accept(value ? new EngineEvent.Paused(by) : new EngineEvent.Resumed(by));
        }
        around.publishHealthOnly(now);
    }

    /**
     * Pauses (so the strategy does not reopen), cancels resting entries and closes every position at market, from
     * the latest view and again from every view after it until the venue shows the account flat. Returns the number
     * of positions it is closing.
     */
    int flatten(String by) {
        long now = clock.millis();
        setPaused(true, by);
        flattening = by;
        flattenRounds = 0;
        Snapshot s = around.snapshot();
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
        reads.want();
        return n;
    }

    /** Closes again what a flatten has not closed yet, on a view that can show it; done when the view is flat. */
    void flattenRound(VenueView view, long now) {
        if (flattening == null) {
            return;
        }
        List<Position> left = view.positions().stream().filter(p -> p.size().signum() != 0).toList();
        if (left.isEmpty()) {
            log.info("event=flattened by={} rounds={}", flattening, flattenRounds);
            emit.accept(new EngineEvent.Flattened(flattening, 0));
            flattening = null;
            return;
        }
        flattenRounds++;
        for (Position p : left) {
            if (desk.trusted(p.symbol(), view)) {
                desk.close(p, Purpose.FLATTEN, now, "flatten by " + flattening);
            }
        }
    }
}
