package pog.sim;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Side;
import pog.venue.VenueException;
import pog.venue.VenueListener;

/**
 * A perpetual-futures exchange with many accounts, matching against the mark price or, once a front end installed
 * one ({@link #useLiquidity}), against a displayed book that takers walk level by level; cross margin, reduce-only
 * and trigger orders, liquidation, and a seeded price feed. Front ends (the paper venue, the Hyperliquid and Lighter
 * simulators) wrap one instance.
 *
 * <p>Rules worth knowing:
 * <ul>
 *   <li>An account is created with {@link SimConfig#startingBalance()} the first time any call names it.</li>
 *   <li>MARKET and IOC orders, and GTC limits that are already reached when they arrive, fill at the mark with the
 *       taker fee. A resting GTC or post-only limit fills at its own price with the maker fee on the first mark that
 *       reaches it. With a {@link Liquidity} installed, takers (a limit is one when it reaches the best opposite
 *       level) instead fill level by level, each at its price; an IOC's unfilled rest is cancelled, a GTC's rests
 *       (OPEN, partially filled). Without one there are no partial fills.</li>
 *   <li>Trigger orders are always reduce-only. They are checked on arrival and on every mark change; when the mark
 *       crosses, the order turns TRIGGERED and executes at the mark (taker fee), then is FILLED.</li>
 *   <li>Reduce-only orders execute at most the position's size at the moment they execute: such an order is FILLED
 *       with {@code filledSize < size}. Resting reduce-only orders are cancelled when their position closes or
 *       reverses.</li>
 *   <li>Margin is not reserved for resting orders: an order is checked when it arrives (valued at its own price)
 *       and again when it fills; a resting order that no longer fits is cancelled with "insufficient margin".</li>
 *   <li>Liquidation closes every position of an account at the mark when equity falls below maintenance margin.
 *       There is no insurance fund: the balance may go negative.</li>
 * </ul>
 *
 * <p>Every state change is written to SQLite in the transaction that makes it, so the file reopens to exactly the
 * state of the last completed call. Listeners are called after the commit, never under the state lock; a call may
 * return before its events reached listeners if another thread is delivering at that moment.
 */
public final class Exchange implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Exchange.class);

    /** A feed that was stopped longer than this many ticks resumes from its last price rather than replaying. */
    static final int MAX_CATCH_UP_STEPS = 600;

    private final SimConfig config;
    private final Clock clock;
    private final SimStore store;
    private final Margin margin;
    private final Listeners listeners = new Listeners();
    private final ReentrantLock lock = new ReentrantLock();
    private final PriceFeed feed;
    private final ProtectionLedger ledger = new ProtectionLedger();
    private volatile Liquidity liquidity;
    private volatile boolean triggerEntries;

    // Guarded by lock.
    private FeedState feedState;
    private final Map<String, MarkState> marks = new TreeMap<>();
    private final Map<String, AccountState> accounts = new TreeMap<>();
    private long lastOrderId;
    private long lastCursor;
    private String broken;
    private boolean closed;

    private Exchange(SimConfig config, Clock clock, SimStore store) throws SQLException {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.margin = new Margin(config);
        load();
        Changes init = new Changes();
        long now = clock.millis();
        if (feedState == null) {
            feedState = new FeedState(config.seed(), 0, now);
            init.feed = true;
        } else if (feedState.seed != config.seed()) {
            log.warn("event=seed_ignored configured={} stored={} reason=the stored series continues", config.seed(),
                    feedState.seed);
        }
        for (SymbolSpec spec : config.symbols()) {
            if (!marks.containsKey(spec.symbol())) {
                setMark(spec.symbol(), spec.startPrice().doubleValue(), spec.startPrice(), now, init);
            }
        }
        for (AccountState a : accounts.values()) {
            ledger.evaluate(a, now, init);
        }
        store.commit(init, feedState, marks);
        this.feed = new PriceFeed(feedState.seed, config.tickMillis());
        log.info("event=exchange_open file={} seed={} step={} accounts={} openOrders={}", store.file(), feedState.seed,
                feedState.step, accounts.size(), accounts.values().stream().mapToInt(a -> a.openOrders.size()).sum());
    }

    /** Opens (creating and migrating if needed) the exchange stored in {@code dbFile}. */
    public static Exchange open(SimConfig config, Path dbFile, Clock clock) {
        SimStore store = SimStore.open(dbFile);
        try {
            return new Exchange(config, clock, store);
        } catch (SQLException e) {
            store.close();
            throw new IllegalStateException("cannot load simulator state from " + dbFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public SimConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Installs the book takers meet from now on (a front end does this once, before it serves orders): marketable
     * orders walk its levels instead of filling at the mark with unlimited size. Resting orders still fill at
     * their own price when the mark reaches it; liquidations still close at the mark.
     */
    public void useLiquidity(Liquidity book) {
        lock.lock();
        try {
            this.liquidity = book;
        } finally {
            lock.unlock();
        }
        log.info("event=liquidity_installed model={}", book == null ? "mark" : book.getClass().getSimpleName());
    }

    /**
     * Lets trigger orders open positions (a front end whose venue has stop entries does this once): a trigger
     * order is then reduce-only only when its request says so. Off by default: every trigger is reduce-only.
     */
    public void allowTriggerEntries(boolean allowed) {
        triggerEntries = allowed;
        log.info("event=trigger_entries allowed={}", allowed);
    }

    // ---------------------------------------------------------------- orders

    /**
     * Places an order for an account. A client id the account already used returns that order unchanged.
     * Refusals (unknown symbol, tick or lot size, reduce-only without a position, margin, post-only crossing)
     * come back as an order with status REJECTED and a reason.
     */
    public Order place(String accountId, OrderRequest request) {
        return mutate("place", c -> placeIn(account(accountId, c), request, List.of(), c));
    }

    /** What {@link #placeWithChildren} did: the parent, the children already on the book, those still waiting. */
    public record Group(Order parent, List<Order> placed, List<OrderRequest> waiting) {
    }

    /**
     * Places an order with orders attached to it (an entry with its stop-loss and take-profit), in one transaction.
     * The children wait off the book until the parent fills, then go on the book in the fill's own transaction,
     * sized to what the parent filled (never more than their own size): there is no instant between the fill and
     * its stop. A parent cancelled or refused takes its waiting children with it. Two or more placed children are
     * one-cancels-other: one fills, the others are cancelled. Children must be reduce-only, on the parent's symbol
     * and on the other side. A parent client id already known returns that group unchanged.
     */
    public Group placeWithChildren(String accountId, OrderRequest parent, List<OrderRequest> children) {
        for (OrderRequest child : children) {
            if (!child.symbol().equals(parent.symbol()) || child.side() == parent.side()
                    || !(child.reduceOnly() || child.type().isTrigger())) {
                throw VenueException.rejected("an attached order must be reduce-only, on " + parent.symbol()
                        + " and on the other side of its parent");
            }
        }
        return mutate("placeWithChildren", c -> {
            AccountState a = account(accountId, c);
            Order p = placeIn(a, parent, children, c);
            List<Order> placed = new ArrayList<>();
            for (OrderRequest child : children) {
                Order now = null;
                for (Changes.OrderRow row : c.orders.values()) { // this transaction's, not yet in the store
                    if (row.accountId().equals(a.id) && row.order().clientId().equals(child.clientId())) {
                        now = row.order();
                    }
                }
                if (now == null) {
                    now = store.findByClientId(a.id, child.clientId()).orElse(null);
                }
                if (now != null) {
                    placed.add(now);
                }
            }
            List<OrderRequest> waiting = List.copyOf(a.waitingChildren.getOrDefault(parseOrderId(p.orderId()), List.of()));
            return new Group(p, placed, waiting);
        });
    }

    /**
     * Places reduce-only orders (a stop-loss and a take-profit) as one-cancels-other siblings, in one transaction:
     * when one fills, the others are cancelled. Client ids already known return those orders unchanged.
     */
    public List<Order> placeOneCancelsOther(String accountId, List<OrderRequest> siblings) {
        for (OrderRequest r : siblings) {
            if (!(r.reduceOnly() || r.type().isTrigger())) {
                throw VenueException.rejected("one-cancels-other orders must be reduce-only");
            }
        }
        return mutate("placeOneCancelsOther", c -> {
            AccountState a = account(accountId, c);
            List<Order> result = new ArrayList<>();
            List<Order> fresh = new ArrayList<>();
            long now = clock.millis();
            for (OrderRequest r : siblings) {
                Optional<Order> existing = store.findByClientId(a.id, r.clientId());
                if (existing.isPresent()) {
                    result.add(existing.get());
                } else {
                    Order o = newOrder(r, r.size(), now);
                    fresh.add(o);
                    result.add(o);
                }
            }
            if (fresh.size() > 1) {
                long group = parseOrderId(fresh.get(0).orderId());
                for (Order o : fresh) {
                    a.ocoGroup.put(parseOrderId(o.orderId()), group);
                    c.ocoAdded.add(new Changes.OcoRow(a.id, parseOrderId(o.orderId()), group));
                }
            }
            for (int i = 0; i < result.size(); i++) {
                if (fresh.contains(result.get(i))) {
                    result.set(i, submit(a, result.get(i), now, c));
                }
            }
            return result;
        });
    }

    /**
     * Places a reduce-only order that covers the whole position in its symbol, whatever the request's size says (a
     * venue's "position TP/SL"): sized to the position now, resized to it in the transaction of every fill that
     * changes the position (grows or shrinks it), cancelled when the position closes or reverses. Refused like any
     * reduce-only order when there is no position. A known client id returns that order unchanged.
     */
    public Order placePositionSized(String accountId, OrderRequest request) {
        OrderRequest reduceOnly = new OrderRequest(request.clientId(), request.symbol(), request.side(), request.type(),
                request.size(), request.limitPrice(), request.triggerPrice(), true);
        return mutate("placePositionSized", c -> {
            AccountState a = account(accountId, c);
            Optional<Order> existing = store.findByClientId(a.id, reduceOnly.clientId());
            if (existing.isPresent()) {
                return existing.get();
            }
            PositionState p = a.position(reduceOnly.symbol());
            long now = clock.millis();
            Order order = newOrder(reduceOnly, p.isFlat() ? reduceOnly.size() : p.size().abs(), now);
            Order result = submit(a, order, now, c);
            long id = parseOrderId(result.orderId());
            if (a.openOrders.containsKey(id)) {
                a.positionSized.add(id);
                c.positionSizedAdded.add(new Changes.ParentKey(a.id, id));
                log.info("event=position_sized account={} orderId={} clientId={} symbol={} size={}", a.id,
                        result.orderId(), result.clientId(), result.symbol(), result.size().toPlainString());
            }
            return result;
        });
    }

    /** The orders attached to this open parent that wait for its fill (empty when none). */
    public List<OrderRequest> waitingChildren(String accountId, String parentOrderId) {
        return locked(() -> {
            AccountState a = accounts.get(accountId);
            return a == null ? List.of()
                    : List.copyOf(a.waitingChildren.getOrDefault(parseOrderId(parentOrderId), List.of()));
        });
    }

    private Order placeIn(AccountState a, OrderRequest request, List<OrderRequest> children, Changes c)
            throws java.sql.SQLException {
        Optional<Order> existing = store.findByClientId(a.id, request.clientId());
        if (existing.isPresent()) {
            log.info("event=order_duplicate account={} clientId={} orderId={} status={}", a.id, request.clientId(),
                    existing.get().orderId(), existing.get().status());
            return existing.get();
        }
        long now = clock.millis();
        Order order = newOrder(request, request.size(), now);
        if (!children.isEmpty()) {
            long parentId = parseOrderId(order.orderId());
            List<OrderRequest> list = new ArrayList<>(children);
            a.waitingChildren.put(parentId, list);
            for (int i = 0; i < list.size(); i++) {
                c.waitingAdded.add(new Changes.WaitingChild(a.id, parentId, i, list.get(i)));
            }
            log.info("event=children_waiting account={} parentOrderId={} parentClientId={} children={}", a.id,
                    order.orderId(), order.clientId(), list.size());
        }
        return submit(a, order, now, c);
    }

    private Order newOrder(OrderRequest request, BigDecimal size, long now) {
        boolean reduceOnly = request.reduceOnly() || request.type().isTrigger() && !triggerEntries;
        return new Order(Long.toString(++lastOrderId), request.clientId(), request.symbol(), request.side(),
                request.type(), size, BigDecimal.ZERO, request.limitPrice(), request.triggerPrice(), reduceOnly,
                OrderStatus.OPEN, null, now, now);
    }

    /** A new order meets the book: refused, filled now, resting, or (a trigger already crossed) fired. */
    private Order submit(AccountState a, Order order, long now, Changes c) {
        String refusal = refusal(a, order);
        if (refusal != null) {
            return finish(a, order, OrderStatus.REJECTED, refusal, now, c);
        }
        if (liquidity != null) {
            return submitToBook(a, order, now, c);
        }
        BigDecimal mark = mark(order.symbol());
        switch (order.type()) {
            case MARKET:
                return takeNow(a, order, now, c);
            case LIMIT_IOC:
                return Matching.limitReached(order.side(), order.limitPrice(), mark) ? takeNow(a, order, now, c)
                        : finish(a, order, OrderStatus.CANCELLED, "limit not reached by mark " + mark, now, c);
            case LIMIT_GTC:
                return Matching.limitReached(order.side(), order.limitPrice(), mark) ? takeNow(a, order, now, c)
                        : rest(a, order, now, c);
            case LIMIT_POST_ONLY:
                return Matching.limitReached(order.side(), order.limitPrice(), mark)
                        ? finish(a, order, OrderStatus.REJECTED, "post-only order would cross mark " + mark, now, c)
                        : rest(a, order, now, c);
            default:
                Order resting = rest(a, order, now, c);
                return resting.isOpen() && Matching.triggerFires(resting, mark) ? fire(a, resting, now, c) : resting;
        }
    }

    /**
     * A new order against the installed book: a limit is marketable when it reaches the best opposite level (a buy
     * at or above the best ask), not the mark. Marketable orders walk the book; a GTC rests what the book within its
     * limit could not fill, an IOC or market order cancels it.
     */
    private Order submitToBook(AccountState a, Order order, long now, Changes c) {
        BigDecimal mark = mark(order.symbol());
        Liquidity.Level best = order.type().isTrigger() ? null : liquidity.best(order.symbol(), order.side(), mark);
        // A buy reaches the best ask at or below its limit; a sell the best bid at or above it.
        boolean crosses = best != null && (order.limitPrice() == null
                || Matching.limitReached(order.side(), order.limitPrice(), best.price()));
        switch (order.type()) {
            case MARKET:
                return takeFromBook(a, order, liquidity.levels(order.symbol(), order.side(), mark), false, now, c);
            case LIMIT_IOC:
                return crosses ? takeFromBook(a, order, liquidity.levels(order.symbol(), order.side(), mark), false,
                        now, c) : finish(a, order, OrderStatus.CANCELLED, "limit not reached by book "
                        + (best == null ? "(empty)" : best.price().toPlainString()), now, c);
            case LIMIT_GTC:
                return crosses ? takeFromBook(a, order, liquidity.levels(order.symbol(), order.side(), mark), true,
                        now, c) : rest(a, order, now, c);
            case LIMIT_POST_ONLY:
                return crosses ? finish(a, order, OrderStatus.REJECTED, "post-only order would cross book "
                        + best.price().toPlainString(), now, c) : rest(a, order, now, c);
            default:
                Order resting = rest(a, order, now, c);
                return resting.isOpen() && Matching.triggerFires(resting, mark) ? fire(a, resting, now, c) : resting;
        }
    }

    /** The parent filled {@code qty}: its waiting children go on the book now, sized to it, as OCO siblings. */
    private void activateChildren(AccountState a, Order parent, BigDecimal qty, long now, Changes c) {
        long parentId = parseOrderId(parent.orderId());
        List<OrderRequest> children = a.waitingChildren.remove(parentId);
        if (children == null) {
            return;
        }
        c.waitingRemoved.add(new Changes.ParentKey(a.id, parentId));
        List<Order> placed = new ArrayList<>();
        for (OrderRequest child : children) {
            Order o = newOrder(child, child.size().min(qty), now);
            if (children.size() > 1) {
                a.ocoGroup.put(parseOrderId(o.orderId()), parentId);
                c.ocoAdded.add(new Changes.OcoRow(a.id, parseOrderId(o.orderId()), parentId));
            }
            placed.add(o);
        }
        for (Order o : placed) {
            Order result = submit(a, o, now, c);
            log.info("event=child_placed account={} parentOrderId={} orderId={} clientId={} size={} status={}", a.id,
                    parent.orderId(), result.orderId(), result.clientId(), result.size().toPlainString(),
                    result.status());
        }
    }

    /** Cancels the account's open order with this client id; false when there is none. */
    public boolean cancel(String accountId, String symbol, String clientId) {
        return mutate("cancel", c -> {
            AccountState a = account(accountId, c);
            for (Order o : List.copyOf(a.openOrders.values())) {
                if (o.clientId().equals(clientId) && o.symbol().equals(symbol)) {
                    finish(a, o, OrderStatus.CANCELLED, null, clock.millis(), c);
                    return true;
                }
            }
            return false;
        });
    }

    /** Cancels the account's open order with this exchange order id; false when there is none. */
    public boolean cancelOrder(String accountId, String orderId) {
        return mutate("cancel", c -> {
            AccountState a = account(accountId, c);
            Order o = a.openOrders.get(parseOrderId(orderId));
            if (o == null) {
                return false;
            }
            finish(a, o, OrderStatus.CANCELLED, null, clock.millis(), c);
            return true;
        });
    }

    /** Any order of the account (open or final) by client id. */
    public Optional<Order> order(String accountId, String clientId) {
        return mutate("order", c -> store.findByClientId(account(accountId, c).id, clientId));
    }

    /** Any order of the account (open or final) by the exchange's order id. */
    public Optional<Order> orderById(String accountId, String orderId) {
        return mutate("orderById", c -> store.findByOrderId(account(accountId, c).id, parseOrderId(orderId)));
    }

    public List<Order> openOrders(String accountId) {
        return mutate("openOrders", c -> List.copyOf(account(accountId, c).openOrders.values()));
    }

    /** How many orders the account has open (resting, triggered or waiting for their trigger); 0 for no account. */
    public int openOrderCount(String accountId) {
        return locked(() -> {
            AccountState a = accounts.get(accountId);
            return a == null ? 0 : a.openOrders.size();
        });
    }

    /** The account's most recent orders in any state (open or final), newest first, at most {@code limit}. */
    public List<Order> recentOrders(String accountId, int limit) {
        return mutate("recentOrders", c -> store.recentOrders(account(accountId, c).id, limit));
    }

    /** The account's fills with a cursor greater than {@code cursor}, oldest first. */
    public List<Fill> fillsSince(String accountId, long cursor) {
        return mutate("fillsSince", c -> store.fillsSince(account(accountId, c).id, cursor));
    }

    // ---------------------------------------------------------------- protection witness

    /**
     * The ledger of every account that exists or ever had a gap: time any position spent not fully covered by
     * resting reduce-only stops on its closing side, over the exchange's whole history.
     */
    public List<ProtectionLedger.Report> protection() {
        return locked(() -> ledger.reports(accounts.keySet(), clock.millis()));
    }

    /** One account's ledger (all zeros for an account that never had a gap). */
    public ProtectionLedger.Report protection(String accountId) {
        return locked(() -> ledger.report(accountId, clock.millis()));
    }

    // ---------------------------------------------------------------- account

    public Account account(String accountId) {
        return mutate("account", c -> {
            Margin.Metrics m = margin.metrics(account(accountId, c), this::mark);
            return new Account(m.equity(), m.marginUsed(), m.available(), clock.millis());
        });
    }

    public List<Position> positions(String accountId) {
        return mutate("positions", c -> {
            AccountState a = account(accountId, c);
            long now = clock.millis();
            List<Position> result = new ArrayList<>();
            for (Map.Entry<String, PositionState> e : a.positions.entrySet()) {
                String symbol = e.getKey();
                PositionState p = e.getValue();
                BigDecimal mark = mark(symbol);
                result.add(new Position(symbol, p.size(), p.entryPrice(), mark, p.unrealizedPnl(mark),
                        margin.liquidationPrice(a, symbol, this::mark), now));
            }
            return result;
        });
    }

    /** The cash balance (deposits, realized PnL and fees; no unrealized PnL). */
    public BigDecimal balance(String accountId) {
        return mutate("balance", c -> account(accountId, c).balance);
    }

    /**
     * Credits USDC to the account, creating it first (with the starting balance) when new: a deposit, or a
     * simulator's funding of an account it provisions. Returns the new balance.
     */
    public BigDecimal deposit(String accountId, BigDecimal amount) {
        if (amount == null || amount.signum() < 0) {
            throw VenueException.rejected("a deposit must not be negative");
        }
        return mutate("deposit", c -> {
            AccountState a = account(accountId, c);
            a.balance = Money.of(a.balance.add(amount));
            c.account(a);
            log.info("event=deposit account={} amount={} balance={}", a.id, amount.toPlainString(),
                    a.balance.toPlainString());
            return a.balance;
        });
    }

    /**
     * Moves {@code delta} USDC into (positive) or out of (negative) an account's cash balance without a trade: a
     * funding payment. The account must exist. Returns the new cash balance.
     */
    public BigDecimal adjustBalance(String accountId, BigDecimal delta, String reason) {
        return mutate("adjustBalance", c -> {
            AccountState a = accounts.get(accountId);
            if (a == null) {
                throw VenueException.rejected("no account " + accountId);
            }
            a.balance = Money.of(a.balance.add(delta));
            c.account(a);
            log.info("event=balance_adjusted account={} delta={} balance={} reason={}", a.id, delta.toPlainString(),
                    a.balance.toPlainString(), reason);
            return a.balance;
        });
    }

    /**
     * Takes USDC out of an account: a withdrawal ({@code toAccountId} null) or a transfer to another account, in one
     * commit. Refused (nothing changes) when the amount is above what is free: the available margin, and never more
     * than the cash balance. Returns the sender's new balance.
     */
    public BigDecimal withdraw(String accountId, String toAccountId, BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw VenueException.rejected("a withdrawal must be positive");
        }
        if (accountId.equals(toAccountId)) {
            throw VenueException.rejected("a transfer needs two different accounts");
        }
        return mutate("withdraw", c -> {
            AccountState a = account(accountId, c);
            BigDecimal free = margin.metrics(a, this::mark).available().min(a.balance);
            if (amount.compareTo(free) > 0) {
                throw VenueException.rejected("insufficient free collateral: " + amount.toPlainString() + " requested, "
                        + free.max(BigDecimal.ZERO).toPlainString() + " free");
            }
            a.balance = Money.of(a.balance.subtract(amount));
            c.account(a);
            if (toAccountId != null) {
                AccountState b = account(toAccountId, c);
                b.balance = Money.of(b.balance.add(amount));
                c.account(b);
            }
            log.info("event=withdraw account={} to={} amount={} balance={}", a.id, toAccountId, amount.toPlainString(),
                    a.balance.toPlainString());
            return a.balance;
        });
    }

    public int leverage(String accountId, String symbol) {
        return mutate("leverage", c -> {
            requireSymbol(symbol);
            return margin.leverage(account(accountId, c), symbol);
        });
    }

    /**
     * Sets the account's leverage for a symbol (1..maxLeverage). Lowering it is refused when the larger margin
     * would leave available below zero.
     */
    public void setLeverage(String accountId, String symbol, int leverage) {
        mutate("setLeverage", c -> {
            SymbolSpec spec = requireSymbol(symbol);
            if (leverage < 1 || leverage > spec.maxLeverage()) {
                throw VenueException.rejected("leverage " + leverage + " is outside 1.." + spec.maxLeverage() + " for " + symbol);
            }
            AccountState a = account(accountId, c);
            Margin.Metrics after = margin.metrics(a.balance, a.positions,
                    s -> s.equals(symbol) ? leverage : margin.leverage(a, s), this::mark, a.isolated);
            if (leverage < margin.leverage(a, symbol) && after.available().signum() < 0) {
                throw VenueException.rejected("insufficient margin for leverage " + leverage + " on " + symbol);
            }
            a.leverage.put(symbol, leverage);
            c.leverage(a, symbol);
            log.info("event=leverage_set account={} symbol={} leverage={}", a.id, symbol, leverage);
            return null;
        });
    }

    /**
     * Puts a symbol of the account on isolated ({@code isolated} true) or cross margin, at {@code leverage}
     * (1..maxLeverage). The mode cannot change while the account holds a position in the symbol; the leverage of an
     * isolated position can, and applies to what it adds from then on (its allocation stays).
     */
    public void setMarginMode(String accountId, String symbol, boolean isolated, int leverage) {
        mutate("setMarginMode", c -> {
            SymbolSpec spec = requireSymbol(symbol);
            if (leverage < 1 || leverage > spec.maxLeverage()) {
                throw VenueException.rejected("leverage " + leverage + " is outside 1.." + spec.maxLeverage() + " for " + symbol);
            }
            AccountState a = account(accountId, c);
            boolean now = a.isolated.containsKey(symbol);
            if (now != isolated && !a.position(symbol).isFlat()) {
                throw VenueException.rejected("cannot switch " + symbol + " between cross and isolated with an open position");
            }
            if (!isolated) {
                Margin.Metrics after = margin.metrics(a.balance, a.positions,
                        s -> s.equals(symbol) ? leverage : margin.leverage(a, s), this::mark, a.isolated);
                if (leverage < margin.leverage(a, symbol) && after.available().signum() < 0) {
                    throw VenueException.rejected("insufficient margin for leverage " + leverage + " on " + symbol);
                }
            }
            if (isolated && !now) {
                a.isolated.put(symbol, BigDecimal.ZERO);
                c.isolated(a, symbol);
            } else if (!isolated && now) {
                a.isolated.remove(symbol);
                c.isolated(a, symbol);
            }
            a.leverage.put(symbol, leverage);
            c.leverage(a, symbol);
            log.info("event=margin_mode_set account={} symbol={} mode={} leverage={}", a.id, symbol,
                    isolated ? "isolated" : "cross", leverage);
            return null;
        });
    }

    /** The USDC allocated to the account's isolated position in a symbol; null when the symbol is on cross. */
    public BigDecimal isolatedMargin(String accountId, String symbol) {
        return locked(() -> {
            AccountState a = accounts.get(accountId);
            return a == null ? null : a.isolated.get(symbol);
        });
    }

    /**
     * Moves USDC between the cross account and an isolated position ({@code delta} positive adds). Adding needs that
     * much cross availability; removing must leave at least the position's initial margin at max leverage
     * (|size| × mark / maxLeverage). Returns the new allocation.
     */
    public BigDecimal adjustIsolatedMargin(String accountId, String symbol, BigDecimal delta) {
        return mutate("adjustIsolatedMargin", c -> {
            SymbolSpec spec = requireSymbol(symbol);
            AccountState a = account(accountId, c);
            BigDecimal allocation = a.isolated.get(symbol);
            PositionState p = a.position(symbol);
            if (allocation == null || p.isFlat()) {
                throw VenueException.rejected("no isolated position in " + symbol);
            }
            BigDecimal next = Money.of(allocation.add(delta));
            if (delta.signum() > 0 && margin.metrics(a, this::mark).available().compareTo(delta) < 0) {
                throw VenueException.rejected("insufficient cross margin to add " + delta.toPlainString());
            }
            BigDecimal floor = Margin.initialMargin(p, mark(symbol), spec.maxLeverage());
            if (delta.signum() < 0 && next.compareTo(floor) < 0) {
                throw VenueException.rejected("removing " + delta.negate().toPlainString() + " would leave "
                        + next.toPlainString() + ", below the minimum " + floor.toPlainString());
            }
            a.isolated.put(symbol, next);
            c.isolated(a, symbol);
            log.info("event=isolated_margin account={} symbol={} delta={} margin={}", a.id, symbol,
                    delta.toPlainString(), next.toPlainString());
            return next;
        });
    }

    // ---------------------------------------------------------------- market data

    public List<MarketInfo> markets() {
        return config.symbols().stream().map(SymbolSpec::toMarketInfo).toList();
    }

    /** Latest mark per symbol, in configuration order. */
    public Map<String, BigDecimal> marks() {
        return locked(() -> {
            Map<String, BigDecimal> result = new LinkedHashMap<>();
            for (SymbolSpec spec : config.symbols()) {
                result.put(spec.symbol(), mark(spec.symbol()));
            }
            return result;
        });
    }

    /** Clock time of the latest mark change of a symbol. */
    public long markTime(String symbol) {
        requireSymbol(symbol);
        return locked(() -> marks.get(symbol).time());
    }

    /** Feed steps taken since the database was created. */
    public long stepCount() {
        return locked(() -> feedState.step);
    }

    /**
     * Takes every feed step that is due by the clock (one per {@code tickMillis} since the last step), each in its
     * own transaction, and returns how many. After a gap longer than {@link #MAX_CATCH_UP_STEPS} ticks (the process
     * was down) it takes a single step: the market resumes where it stopped instead of replaying the outage.
     */
    public int advance() {
        long now = clock.millis();
        int steps = 0;
        while (mutate("advance", c -> {
            long due = (now - feedState.lastStepAt) / config.tickMillis();
            if (due <= 0) {
                return false;
            }
            if (due > MAX_CATCH_UP_STEPS) {
                log.info("event=feed_gap skippedSteps={} lastStepAt={} now={}", due - 1, feedState.lastStepAt, now);
                feedState.lastStepAt = now - config.tickMillis();
            }
            stepAt(feedState.lastStepAt + config.tickMillis(), c);
            return true;
        })) {
            steps++;
        }
        return steps;
    }

    /** Takes exactly one feed step now, whatever the clock says is due. */
    public void step() {
        mutate("step", c -> {
            stepAt(clock.millis(), c);
            return null;
        });
    }

    /**
     * Sets a symbol's mark outright (fault injection, tests): triggers, resting limits and liquidations react to it
     * like to any mark change, and the feed continues from this price.
     */
    public void jump(String symbol, BigDecimal price) {
        SymbolSpec spec = requireSymbol(symbol);
        if (price.signum() <= 0 || price.remainder(spec.tickSize()).signum() != 0) {
            throw new IllegalArgumentException("jump price " + price.toPlainString() + " must be a positive multiple of "
                    + spec.tickSize().toPlainString());
        }
        mutate("jump", c -> {
            long now = clock.millis();
            log.info("event=mark_jump symbol={} from={} to={}", symbol, mark(symbol), price.toPlainString());
            setMark(symbol, price.doubleValue(), price, now, c);
            onMarks(now, c);
            return null;
        });
    }

    // ---------------------------------------------------------------- listeners

    /** Orders and fills of one account. Closing the handle stops delivery. */
    public AutoCloseable subscribe(String accountId, VenueListener listener) {
        return listeners.subscribeAccount(accountId, listener);
    }

    /** Every mark change of every symbol. */
    public AutoCloseable subscribeMarks(VenueListener listener) {
        return listeners.subscribeMarks(listener);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                store.close();
                log.info("event=exchange_closed file={} step={}", store.file(), feedState.step);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops the database like a killed process would (no shutdown logic at all). For crash tests. */
    void abandon() {
        lock.lock();
        try {
            closed = true;
            store.abandon();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- matching internals (all under lock)

    private String refusal(AccountState a, Order o) {
        SymbolSpec spec = config.symbol(o.symbol());
        if (spec == null) {
            return "unknown symbol " + o.symbol();
        }
        if (o.size().remainder(spec.lotSize()).signum() != 0) {
            return "size " + o.size().toPlainString() + " is not a multiple of lot size " + spec.lotSize().toPlainString();
        }
        if (o.type() != OrderType.MARKET && !o.type().isTrigger()) {
            String bad = badPrice("limit price", o.limitPrice(), spec);
            if (bad != null) {
                return bad;
            }
        }
        if (o.type().isTrigger()) {
            String bad = badPrice("trigger price", o.triggerPrice(), spec);
            if (bad == null && o.limitPrice() != null) {
                bad = badPrice("limit price", o.limitPrice(), spec);
            }
            if (bad != null) {
                return bad;
            }
        }
        if (o.reduceOnly()) {
            PositionState p = a.position(o.symbol());
            if (p.isFlat()) {
                return "reduce-only order has no position to reduce";
            }
            if (o.side().sign() == p.size().signum()) {
                return "reduce-only order would increase the position";
            }
        }
        return null;
    }

    private static String badPrice(String what, BigDecimal price, SymbolSpec spec) {
        if (price.signum() <= 0) {
            return what + " must be positive";
        }
        if (price.remainder(spec.tickSize()).signum() != 0) {
            return what + " " + price.toPlainString() + " is not a multiple of tick size " + spec.tickSize().toPlainString();
        }
        return null;
    }

    /** Executes an order on arrival or on trigger: against the book when one is installed, else at the mark. */
    private Order takeNow(AccountState a, Order o, long now, Changes c) {
        BigDecimal mark = mark(o.symbol());
        if (liquidity != null) {
            return takeFromBook(a, o, liquidity.levels(o.symbol(), o.side(), mark), false, now, c);
        }
        BigDecimal qty = o.remaining();
        if (o.reduceOnly()) {
            qty = qty.min(reducible(a, o));
            if (qty.signum() == 0) {
                return finish(a, o, OrderStatus.CANCELLED, "no position to reduce", now, c);
            }
        } else if (!marginAllows(a, o.symbol(), o.side(), qty, mark, config.takerFeeBps(), null)) {
            return finish(a, o, OrderStatus.REJECTED, "insufficient margin", now, c);
        }
        return execute(a, o, qty, mark, config.takerFeeBps(), false, now, c);
    }

    /**
     * A marketable order walks the book best level first, each level at its own price and at most its size, up to
     * its limit (market and triggered orders: no limit), with the taker fee; one fill per level. The margin check
     * covers the whole walk at its average price: refused, nothing fills. What the book within the limit could not
     * fill rests when {@code restRemainder} (a GTC: OPEN, partially filled) or is CANCELLED (IOC, market, trigger).
     * Waiting children go on the book sized to what filled, or to the whole order when its remainder rests.
     */
    private Order takeFromBook(AccountState a, Order o, List<Liquidity.Level> book, boolean restRemainder, long now,
                               Changes c) {
        BigDecimal want = o.remaining();
        if (o.reduceOnly()) {
            want = want.min(reducible(a, o));
            if (want.signum() == 0) {
                return finish(a, o, OrderStatus.CANCELLED, "no position to reduce", now, c);
            }
        }
        // Market orders and market triggers take any price; limits and trigger limits stop at their limit.
        BigDecimal limit = o.type() == OrderType.MARKET ? null : o.limitPrice();
        List<Liquidity.Level> plan = new ArrayList<>();
        BigDecimal left = want;
        BigDecimal notional = BigDecimal.ZERO;
        for (Liquidity.Level level : book) {
            if (left.signum() == 0 || limit != null && !Matching.limitReached(o.side(), limit, level.price())) {
                break;
            }
            BigDecimal qty = left.min(level.size());
            plan.add(new Liquidity.Level(level.price(), qty));
            left = left.subtract(qty);
            notional = notional.add(qty.multiply(level.price()));
        }
        BigDecimal total = want.subtract(left);
        if (total.signum() == 0) {
            if (restRemainder && o.status() == OrderStatus.TRIGGERED) {
                return o; // a triggered limit the book does not reach yet: it rests as it is
            }
            return restRemainder ? rest(a, o, now, c) : finish(a, o, OrderStatus.CANCELLED, "limit not reached by book "
                    + (book.isEmpty() ? "(empty)" : book.get(0).price().toPlainString()), now, c);
        }
        BigDecimal average = notional.divide(total, 12, java.math.RoundingMode.HALF_EVEN);
        if (!o.reduceOnly() && !marginAllows(a, o.symbol(), o.side(), total, average, config.takerFeeBps(), null)) {
            return finish(a, o, OrderStatus.REJECTED, "insufficient margin", now, c);
        }
        for (Liquidity.Level fill : plan) {
            applyFill(a, o, fill.size(), fill.price(), config.takerFeeBps(), false, now, c);
        }
        BigDecimal filled = o.filledSize().add(total);
        Order after;
        if (left.signum() == 0) {
            after = finish(a, o, filled, OrderStatus.FILLED, null, now, c);
        } else if (restRemainder) {
            after = restPartial(a, o, filled, now, c);
        } else {
            after = finish(a, o, filled, OrderStatus.CANCELLED, (limit != null ? "limit not reached by book"
                    : "no more liquidity in the book") + " for the remaining " + left.toPlainString(), now, c);
        }
        log.info("event=book_walk account={} orderId={} clientId={} symbol={} side={} levels={} filled={} avgPrice={} "
                        + "left={} status={}", a.id, o.orderId(), o.clientId(), o.symbol(), o.side(), plan.size(),
                total.toPlainString(), average.stripTrailingZeros().toPlainString(), left.toPlainString(),
                after.status());
        cancelStaleReduceOnly(a, o.symbol(), now, c);
        activateChildren(a, o, after.isOpen() ? o.size() : total, now, c);
        return after;
    }

    /** The remainder of a GTC the book could not fill rests at its limit, partially filled. */
    private Order restPartial(AccountState a, Order o, BigDecimal filled, long now, Changes c) {
        Order open = withStatus(o, filled, o.status() == OrderStatus.TRIGGERED ? OrderStatus.TRIGGERED
                : OrderStatus.OPEN, null, now);
        if (!o.reduceOnly() && !marginAllows(a, o.symbol(), o.side(), open.remaining(), o.limitPrice(),
                config.makerFeeBps(), o.limitPrice())) {
            return finish(a, open, filled, OrderStatus.CANCELLED, "insufficient margin", now, c);
        }
        a.openOrders.put(parseOrderId(o.orderId()), open);
        c.order(a.id, open);
        log.info("event=order_open account={} orderId={} clientId={} symbol={} side={} type={} size={} filled={} "
                        + "limit={} reduceOnly={}", a.id, o.orderId(), o.clientId(), o.symbol(), o.side(), o.type(),
                o.size().toPlainString(), filled.toPlainString(), plain(o.limitPrice()), o.reduceOnly());
        return open;
    }

    /** A resting limit the mark reached: at its own price, maker fee. */
    private Order fillResting(AccountState a, Order o, long now, Changes c) {
        BigDecimal qty = o.remaining();
        if (o.reduceOnly()) {
            qty = qty.min(reducible(a, o));
            if (qty.signum() == 0) {
                return finish(a, o, OrderStatus.CANCELLED, "no position to reduce", now, c);
            }
        } else if (!marginAllows(a, o.symbol(), o.side(), qty, o.limitPrice(), config.makerFeeBps(), null)) {
            return finish(a, o, OrderStatus.CANCELLED, "insufficient margin", now, c);
        }
        return execute(a, o, qty, o.limitPrice(), config.makerFeeBps(), false, now, c);
    }

    private Order rest(AccountState a, Order o, long now, Changes c) {
        // Valued as if the mark stood at the limit, which is where it will be when the order fills.
        // A trigger entry without a limit is valued at its trigger, where it will execute.
        BigDecimal at = o.limitPrice() != null ? o.limitPrice() : o.triggerPrice();
        if (!o.reduceOnly() && !marginAllows(a, o.symbol(), o.side(), o.size(), at, config.makerFeeBps(), at)) {
            return finish(a, o, OrderStatus.REJECTED, "insufficient margin", now, c);
        }
        a.openOrders.put(parseOrderId(o.orderId()), o);
        c.order(a.id, o);
        log.info("event=order_open account={} orderId={} clientId={} symbol={} side={} type={} size={} limit={} trigger={} "
                        + "reduceOnly={}", a.id, o.orderId(), o.clientId(), o.symbol(), o.side(), o.type(),
                o.size().toPlainString(), plain(o.limitPrice()), plain(o.triggerPrice()), o.reduceOnly());
        return o;
    }

    private Order fire(AccountState a, Order o, long now, Changes c) {
        Order triggered = withStatus(o, o.filledSize(), OrderStatus.TRIGGERED, null, now);
        a.openOrders.put(parseOrderId(o.orderId()), triggered);
        c.order(a.id, triggered);
        log.info("event=order_triggered account={} orderId={} clientId={} symbol={} type={} trigger={} limit={} mark={}",
                a.id, o.orderId(), o.clientId(), o.symbol(), o.type(), plain(o.triggerPrice()), plain(o.limitPrice()),
                mark(o.symbol()));
        if (o.limitPrice() == null) {
            return takeNow(a, triggered, now, c);
        }
        // A trigger limit: from now on a GTC limit at its price, taking what it reaches and resting the rest.
        BigDecimal mark = mark(o.symbol());
        if (liquidity != null) {
            Liquidity.Level best = liquidity.best(o.symbol(), o.side(), mark);
            return best != null && Matching.limitReached(o.side(), o.limitPrice(), best.price())
                    ? takeFromBook(a, triggered, liquidity.levels(o.symbol(), o.side(), mark), true, now, c)
                    : triggered;
        }
        return Matching.limitReached(o.side(), o.limitPrice(), mark) ? takeNow(a, triggered, now, c) : triggered;
    }

    /** Applies a fill to the account: position, balance, fill row; the order becomes FILLED. */
    private Order execute(AccountState a, Order o, BigDecimal qty, BigDecimal price, BigDecimal feeBps,
                          boolean liquidation, long now, Changes c) {
        applyFill(a, o, qty, price, feeBps, liquidation, now, c);
        Order filled = finish(a, o, o.filledSize().add(qty), OrderStatus.FILLED, null, now, c);
        cancelStaleReduceOnly(a, o.symbol(), now, c);
        activateChildren(a, o, qty, now, c);
        return filled;
    }

    /** One fill of an order: position, balance, fill row. The order itself is not changed. */
    private void applyFill(AccountState a, Order o, BigDecimal qty, BigDecimal price, BigDecimal feeBps,
                           boolean liquidation, long now, Changes c) {
        String symbol = o.symbol();
        PositionState before = a.position(symbol);
        PositionState.Trade trade = before.apply(o.side(), qty, price);
        BigDecimal allocation = a.isolated.get(symbol);
        if (allocation != null) {
            a.isolated.put(symbol, Margin.isolatedAfter(allocation, before, trade.after(), price,
                    margin.leverage(a, symbol)));
            c.isolated(a, symbol);
        }
        BigDecimal fee = Money.fee(qty, price, feeBps);
        a.balance = Money.of(a.balance.add(trade.realizedPnl()).subtract(fee));
        a.setPosition(symbol, trade.after());
        c.position(a, symbol);
        long cursor = ++lastCursor;
        Fill fill = new Fill(cursor, Long.toString(cursor), o.orderId(), o.clientId(), symbol, o.side(), qty, price, fee,
                trade.realizedPnl(), liquidation, now);
        c.fill(a.id, fill);
        log.info("event=fill account={} cursor={} orderId={} clientId={} symbol={} side={} size={} price={} fee={} "
                        + "realizedPnl={} liquidation={} position={} balance={}", a.id, cursor, o.orderId(), o.clientId(),
                symbol, o.side(), qty.toPlainString(), price.toPlainString(), fee.toPlainString(),
                trade.realizedPnl().toPlainString(), liquidation, trade.after().size().toPlainString(),
                a.balance.toPlainString());
    }

    /**
     * Reduce-only orders that can no longer reduce anything go away rather than wait for a position to come back;
     * position-sized ones that still can are resized to the whole position.
     */
    private void cancelStaleReduceOnly(AccountState a, String symbol, long now, Changes c) {
        PositionState p = a.position(symbol);
        for (Order o : List.copyOf(a.openOrders.values())) {
            if (!o.reduceOnly() || !o.symbol().equals(symbol)) {
                continue;
            }
            if (p.isFlat()) {
                finish(a, o, OrderStatus.CANCELLED, "position closed", now, c);
            } else if (o.side().sign() == p.size().signum()) {
                finish(a, o, OrderStatus.CANCELLED, "position reversed", now, c);
            } else if (a.positionSized.contains(parseOrderId(o.orderId()))
                    && o.remaining().compareTo(p.size().abs()) != 0) {
                Order resized = new Order(o.orderId(), o.clientId(), o.symbol(), o.side(), o.type(),
                        o.filledSize().add(p.size().abs()), o.filledSize(), o.limitPrice(), o.triggerPrice(),
                        true, o.status(), null, o.createdAt(), now);
                a.openOrders.put(parseOrderId(o.orderId()), resized);
                c.order(a.id, resized);
                log.info("event=order_resized account={} orderId={} clientId={} symbol={} from={} to={}", a.id,
                        o.orderId(), o.clientId(), symbol, o.remaining().toPlainString(),
                        resized.remaining().toPlainString());
            }
        }
    }

    private Order finish(AccountState a, Order o, OrderStatus status, String reason, long now, Changes c) {
        return finish(a, o, o.filledSize(), status, reason, now, c);
    }

    private Order finish(AccountState a, Order o, BigDecimal filled, OrderStatus status, String reason, long now,
                         Changes c) {
        Order done = withStatus(o, filled, status, reason, now);
        long id = parseOrderId(o.orderId());
        a.openOrders.remove(id);
        c.order(a.id, done);
        if (a.positionSized.remove(id)) {
            c.positionSizedRemoved.add(new Changes.ParentKey(a.id, id));
        }
        if (status != OrderStatus.FILLED && a.waitingChildren.remove(id) != null) {
            c.waitingRemoved.add(new Changes.ParentKey(a.id, id));
            log.info("event=children_dropped account={} parentOrderId={} reason=parent {}", a.id, o.orderId(),
                    status.name().toLowerCase());
        }
        Long group = a.ocoGroup.remove(id);
        if (group != null) {
            c.ocoRemoved.add(new Changes.OcoRow(a.id, id, group));
            if (status == OrderStatus.FILLED) {
                for (Map.Entry<Long, Long> sibling : List.copyOf(a.ocoGroup.entrySet())) {
                    Order other = a.openOrders.get(sibling.getKey());
                    if (sibling.getValue().equals(group) && other != null) {
                        finish(a, other, OrderStatus.CANCELLED, "one-cancels-other sibling filled", now, c);
                    }
                }
            }
        }
        if (status != OrderStatus.FILLED) {
            log.info("event=order_{} account={} orderId={} clientId={} symbol={} reason=\"{}\"",
                    status.name().toLowerCase(), a.id, o.orderId(), o.clientId(), o.symbol(), reason);
        }
        return done;
    }

    private static Order withStatus(Order o, BigDecimal filled, OrderStatus status, String reason, long now) {
        return new Order(o.orderId(), o.clientId(), o.symbol(), o.side(), o.type(), o.size(), filled, o.limitPrice(),
                o.triggerPrice(), o.reduceOnly(), status, reason, o.createdAt(), now);
    }

    /** How much of the account's position an order on this side can reduce. */
    private static BigDecimal reducible(AccountState a, Order o) {
        PositionState p = a.position(o.symbol());
        return p.isFlat() || p.size().signum() == o.side().sign() ? BigDecimal.ZERO : p.size().abs();
    }

    /**
     * Whether the account still has available >= 0 after this trade. A trade that only makes the position smaller
     * is always allowed: refusing it would keep risk on the book.
     */
    private boolean marginAllows(AccountState a, String symbol, Side side, BigDecimal qty, BigDecimal price,
                                 BigDecimal feeBps, BigDecimal markOverride) {
        PositionState before = a.position(symbol);
        PositionState.Trade trade = before.apply(side, qty, price);
        if (before.reducedBy(trade.after())) {
            return true;
        }
        BigDecimal balance = a.balance.add(trade.realizedPnl()).subtract(Money.fee(qty, price, feeBps));
        Map<String, PositionState> positions = new TreeMap<>(a.positions);
        positions.put(symbol, trade.after());
        Map<String, BigDecimal> isolated = a.isolated;
        if (isolated.containsKey(symbol)) {
            isolated = new TreeMap<>(a.isolated);
            isolated.put(symbol, Margin.isolatedAfter(a.isolated.get(symbol), before, trade.after(), price,
                    margin.leverage(a, symbol)));
        }
        Function<String, BigDecimal> markOf = s -> markOverride != null && s.equals(symbol) ? markOverride : mark(s);
        Margin.Metrics m = margin.metrics(balance, positions, s -> margin.leverage(a, s), markOf, isolated);
        return m.available().signum() >= 0;
    }

    // ---------------------------------------------------------------- feed internals

    private void stepAt(long time, Changes c) {
        long step = feedState.step;
        for (SymbolSpec spec : config.symbols()) {
            double raw = feed.next(spec, marks.get(spec.symbol()).raw(), step);
            setMark(spec.symbol(), raw, PriceFeed.toMark(spec, raw), time, c);
        }
        feedState.step = step + 1;
        feedState.lastStepAt = time;
        c.feed = true;
        if (log.isDebugEnabled()) {
            log.debug("event=feed_step step={} time={} marks={}", feedState.step, time, marksText());
        }
        onMarks(time, c);
    }

    private void setMark(String symbol, double raw, BigDecimal mark, long time, Changes c) {
        marks.put(symbol, new MarkState(symbol, raw, mark, time));
        c.mark(new Event.MarkEvent(symbol, mark, time));
    }

    /** After marks moved: triggers and resting limits of every account in order, then liquidation checks. */
    private void onMarks(long now, Changes c) {
        for (AccountState a : accounts.values()) {
            for (Order o : List.copyOf(a.openOrders.values())) {
                if (!a.openOrders.containsKey(parseOrderId(o.orderId()))) {
                    continue; // cancelled by an earlier fill in this same pass
                }
                BigDecimal mark = mark(o.symbol());
                boolean armedTrigger = o.type().isTrigger()
                        && !(o.status() == OrderStatus.TRIGGERED && o.limitPrice() != null);
                if (armedTrigger) {
                    if (Matching.triggerFires(o, mark)) {
                        fire(a, o, now, c);
                    }
                } else if (Matching.limitReached(o.side(), o.limitPrice(), mark)) {
                    fillResting(a, o, now, c);
                }
            }
            liquidateIfUnderwater(a, now, c);
        }
    }

    private void liquidateIfUnderwater(AccountState a, long now, Changes c) {
        if (a.positions.isEmpty()) {
            return;
        }
        // Each isolated position on its own: allocation + its unrealized PnL against its own maintenance.
        for (Map.Entry<String, PositionState> e : List.copyOf(a.positions.entrySet())) {
            BigDecimal allocation = a.isolated.get(e.getKey());
            if (allocation == null) {
                continue;
            }
            BigDecimal mark = mark(e.getKey());
            BigDecimal equity = allocation.add(e.getValue().unrealizedPnl(mark));
            BigDecimal maintenance = margin.maintenance(e.getKey(), e.getValue(), mark);
            if (equity.compareTo(maintenance) < 0) {
                log.warn("event=liquidation account={} symbol={} mode=isolated equity={} maintenance={}", a.id,
                        e.getKey(), Money.of(equity).toPlainString(), maintenance.toPlainString());
                liquidate(a, List.of(e.getKey()), now, c);
            }
        }
        Margin.Metrics m = margin.metrics(a, this::mark);
        if (m.crossEquity().compareTo(m.crossMaintenance()) >= 0) {
            return;
        }
        List<String> cross = new ArrayList<>();
        for (String symbol : a.positions.keySet()) {
            if (!a.isolated.containsKey(symbol)) {
                cross.add(symbol);
            }
        }
        if (cross.isEmpty()) {
            return;
        }
        log.warn("event=liquidation account={} mode=cross equity={} maintenance={} positions={}", a.id,
                m.crossEquity().toPlainString(), m.crossMaintenance().toPlainString(), cross.size());
        liquidate(a, cross, now, c);
    }

    /** Cancels the orders in these symbols and closes their positions at the mark, fills flagged liquidation. */
    private void liquidate(AccountState a, List<String> symbols, long now, Changes c) {
        for (Order o : List.copyOf(a.openOrders.values())) {
            if (symbols.contains(o.symbol()) || a.isolated.isEmpty()) {
                finish(a, o, OrderStatus.CANCELLED, "liquidation", now, c);
            }
        }
        for (Map.Entry<String, PositionState> e : List.copyOf(a.positions.entrySet())) {
            if (!symbols.contains(e.getKey())) {
                continue;
            }
            PositionState p = e.getValue();
            long id = ++lastOrderId;
            Order closeOut = new Order(Long.toString(id), "liquidation-" + id, e.getKey(),
                    p.size().signum() > 0 ? Side.SELL : Side.BUY, OrderType.MARKET, p.size().abs(), BigDecimal.ZERO, null,
                    null, true, OrderStatus.OPEN, null, now, now);
            execute(a, closeOut, p.size().abs(), mark(e.getKey()), config.takerFeeBps(), true, now, c);
        }
    }

    // ---------------------------------------------------------------- state plumbing

    private BigDecimal mark(String symbol) {
        return marks.get(symbol).mark();
    }

    private String marksText() {
        StringBuilder sb = new StringBuilder();
        for (MarkState m : marks.values()) {
            sb.append(sb.length() == 0 ? "" : ",").append(m.symbol()).append(':').append(m.mark().toPlainString());
        }
        return sb.toString();
    }

    private AccountState account(String accountId, Changes c) {
        if (accountId == null || accountId.isBlank()) {
            throw VenueException.rejected("account id is required");
        }
        AccountState a = accounts.get(accountId);
        if (a == null) {
            a = new AccountState(accountId, Money.of(config.startingBalance()), clock.millis());
            accounts.put(accountId, a);
            c.account(a);
            log.info("event=account_created account={} balance={}", accountId, a.balance.toPlainString());
        }
        return a;
    }

    private SymbolSpec requireSymbol(String symbol) {
        SymbolSpec spec = config.symbol(symbol);
        if (spec == null) {
            throw VenueException.rejected("unknown symbol " + symbol);
        }
        return spec;
    }

    private static long parseOrderId(String orderId) {
        try {
            return Long.parseLong(orderId);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? "-" : value.toPlainString();
    }

    private void load() throws SQLException {
        SimStore.Snapshot s = store.load();
        for (AccountState a : s.accounts().values()) {
            for (String symbol : a.positions.keySet()) {
                requireConfigured(symbol, "a position of " + a.id);
            }
            for (Order o : a.openOrders.values()) {
                requireConfigured(o.symbol(), "open order " + o.orderId());
            }
        }
        feedState = s.feed();
        marks.clear();
        for (MarkState m : s.marks().values()) {
            if (config.symbol(m.symbol()) != null) {
                marks.put(m.symbol(), m);
            }
        }
        accounts.clear();
        accounts.putAll(s.accounts());
        lastOrderId = s.maxOrderId();
        lastCursor = s.maxCursor();
        ledger.load(s.gaps());
    }

    private void requireConfigured(String symbol, String what) {
        if (config.symbol(symbol) == null) {
            throw new IllegalStateException("the database holds " + what + " in " + symbol
                    + ", which is not in the configuration; add the symbol back");
        }
    }

    @FunctionalInterface
    private interface Tx<T> {
        T apply(Changes changes) throws SQLException;
    }

    /**
     * Runs one state change: memory and database together, or neither. If the commit fails (or the body throws after
     * changing memory), memory is reloaded from the database so the two never disagree.
     */
    private <T> T mutate(String what, Tx<T> body) {
        T result;
        lock.lock();
        try {
            ensureUsable();
            Changes c = new Changes();
            c.time = clock.millis();
            try {
                result = body.apply(c);
                witness(c);
                if (c.isEmpty()) {
                    store.endRead();
                } else {
                    store.commit(c, feedState, marks);
                }
            } catch (SQLException e) {
                recover(what, e);
                throw VenueException.unavailable("simulator database failed during " + what + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                if (!c.isEmpty()) {
                    recover(what, e);
                }
                throw e;
            }
            listeners.enqueue(c.events);
        } finally {
            lock.unlock();
        }
        listeners.drain();
        return result;
    }

    /** The ledger looks again at every account whose orders or positions this transaction touched. */
    private void witness(Changes c) {
        if (c.orders.isEmpty() && c.positions.isEmpty()) {
            return;
        }
        java.util.Set<String> touched = new java.util.TreeSet<>();
        for (Changes.OrderRow row : c.orders.values()) {
            touched.add(row.accountId());
        }
        for (AccountState a : c.positions.keySet()) {
            touched.add(a.id);
        }
        for (String id : touched) {
            AccountState a = accounts.get(id);
            if (a != null) {
                ledger.evaluate(a, c.time, c);
            }
        }
    }

    private <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            ensureUsable();
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private void ensureUsable() {
        if (closed) {
            throw VenueException.unavailable("exchange is closed", null);
        }
        if (broken != null) {
            throw VenueException.unavailable("exchange state could not be reloaded after a failure: " + broken, null);
        }
    }

    private void recover(String what, Exception cause) {
        log.error("event=transaction_failed during={} error={} action=reload", what, cause.toString());
        try {
            load();
        } catch (SQLException | RuntimeException e) {
            broken = e.toString();
            log.error("event=reload_failed error={}", e.toString());
        }
    }
}
