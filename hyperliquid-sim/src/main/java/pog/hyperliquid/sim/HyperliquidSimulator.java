package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;
import pog.hyperliquid.signing.Network;
import pog.sim.Exchange;
import pog.simfront.CoreLink;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.Side;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated Hyperliquid without its HTTP layer: one {@link Exchange} (state in {@code exchange.db}) plus the
 * venue's own rules and bookkeeping (state in {@code hl.db}). {@link ExchangeApi} and {@link InfoApi} answer the two
 * endpoints; {@link #addListener} feeds the WebSocket hub.
 *
 * <p>As on the venue, an address is an account only once it was funded: by the config's {@code accounts}, by
 * {@link #fund} ({@code --fund}, {@code POST /admin/fund}), or, with {@code faucet: info}, by an info query naming
 * it. A signed action never creates one. Scheduled cancels fire on the first feed tick or request at or after their time, so
 * a test drives them with the clock it injected.
 */
public final class HyperliquidSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HyperliquidSimulator.class);

    private final HyperliquidSimConfig config;
    private final Clock clock;
    private final CoreLink core;
    private final Exchange exchange;
    private final HyperliquidStore store;
    private final Markets markets;
    private final ExchangeApi exchangeApi;
    private final IpWeights ipWeights;
    private final InfoApi infoApi;
    private final List<SimEvents> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PositionTracker> trackers = new ConcurrentHashMap<>();

    private HyperliquidSimulator(HyperliquidSimConfig config, Path dataDir, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.markets = new Markets(config.coins());
        this.core = CoreLink.open(config.toSimConfig(), dataDir, clock);
        this.exchange = core.exchange();
        this.exchange.useLiquidity(new SyntheticBook(markets)); // takers walk the l2Book the info endpoint shows
        this.exchange.allowTriggerEntries(true); // a trigger with r false opens a position, as on the venue
        this.store = core.beside(() -> HyperliquidStore.open(dataDir.resolve("hl.db")));
        this.ipWeights = new IpWeights(config.ipWeightPerMinute(), clock);
        this.exchangeApi = new ExchangeApi(this);
        this.infoApi = new InfoApi(this);
        // Loads (and logs) the signer recovery now: extracting the native library is not the first request's cost.
        SignerRecovery.isNative();
        for (String account : store.accounts()) {
            subscribeAccount(account);
        }
        core.followMarks(new VenueListener() {
            @Override
            public void onMark(String symbol, BigDecimal mark, long time) {
                onMarkChanged(symbol, mark, time);
            }
        });
        long now = clock.millis();
        for (Map.Entry<String, BigDecimal> mark : exchange.marks().entrySet()) {
            if (!store.hasCandles(mark.getKey())) {
                store.mark(mark.getKey(), mark.getValue(), now); // a new coin's opening mark starts its first candle
            }
        }
        resumePendingChildren();
        for (Map.Entry<String, BigDecimal> e : config.accounts().entrySet()) {
            if (!store.known(e.getKey())) {
                fund(e.getKey(), e.getValue(), "config");
            }
        }
        log.info("event=hl_sim_open dir={} network={} accounts={} coins={}", dataDir, config.network(),
                store.accounts().size(), config.coins().size());
    }

    /** Opens (or creates) the simulator whose state lives in {@code dataDir}. */
    public static HyperliquidSimulator open(HyperliquidSimConfig config, Path dataDir, Clock clock) {
        return new HyperliquidSimulator(config, dataDir, clock);
    }

    public HyperliquidSimConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The simulation core, for feed control ({@code step}, {@code jump}) and tests. */
    public Exchange exchange() {
        return exchange;
    }

    Network network() {
        return config.testnet() ? Network.TESTNET : Network.MAINNET;
    }

    HyperliquidStore store() {
        return store;
    }

    Markets markets() {
        return markets;
    }

    public void addListener(SimEvents listener) {
        listeners.add(listener);
    }

    public void removeListener(SimEvents listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------ the two endpoints

    /** A {@code POST /exchange} body; the answer is always Hyperliquid's JSON, or a {@link BadRequest}. */
    JsonNode exchange(JsonNode body) throws BadRequest {
        runDueSchedules();
        return exchangeApi.handle(body);
    }

    /** A {@code POST /info} body. */
    JsonNode info(JsonNode body) throws BadRequest {
        runDueSchedules();
        return infoApi.handle(body);
    }

    /** Parses a request body as Hyperliquid's HTTP layer would, then answers it (status, content type, body). */
    public Reply handle(String endpoint, String body) {
        return handle(endpoint, body, null);
    }

    /**
     * As {@link #handle(String, String)}, charging the request's weight to {@code ip}'s budget (none when null):
     * HTTP 429 when the budget cannot pay, as the venue answers.
     */
    public Reply handle(String endpoint, String body, String ip) {
        JsonNode request;
        try {
            request = Json.mapper().readTree(body == null ? "" : body);
        } catch (Exception e) {
            return Reply.text(BadRequest.syntax(firstLine(e.getMessage())));
        }
        if (request == null || request.isMissingNode()) {
            return Reply.text(BadRequest.syntax("EOF while parsing a value at line 1 column 0"));
        }
        boolean isInfo = "info".equals(endpoint);
        String type = isInfo ? request.path("type").asText("") : null;
        if (ip != null && ipWeights.enabled() && !ipWeights.take(ip, isInfo ? IpWeights.infoWeight(type)
                : IpWeights.exchangeWeight(request.get("action")))) {
            log.info("event=ip_rate_limited ip={} endpoint={}", ip, endpoint);
            return new Reply(429, "text/plain; charset=utf-8", "Too Many Requests");
        }
        try {
            JsonNode answer = isInfo ? info(request) : exchange(request);
            if (ip != null && isInfo) {
                ipWeights.charge(ip, IpWeights.extraWeight(type, answer));
            }
            return Reply.json(answer);
        } catch (BadRequest e) {
            return Reply.text(e);
        }
    }

    /** An HTTP answer: status, content type and body text. */
    public record Reply(int status, String contentType, String body) {
        static Reply json(JsonNode node) {
            return new Reply(200, "application/json", Json.write(node));
        }

        static Reply text(BadRequest e) {
            return new Reply(e.status(), "text/plain; charset=utf-8", e.getMessage());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    // ------------------------------------------------------------------ accounts

    /**
     * Credits {@code usd} USDC to {@code address} (lower-case 0x hex), creating the account if it is new: the only
     * way an account comes to exist. Returns the new cash balance.
     *
     * @param via who asked, for the log: config, cli, admin or faucet
     */
    public BigDecimal fund(String address, BigDecimal usd, String via) {
        String account = address.toLowerCase(java.util.Locale.ROOT);
        if (!account.matches("0x[0-9a-f]{40}")) {
            throw new IllegalArgumentException("user must be a 0x address with 40 hex digits, got '" + address + "'");
        }
        if (usd == null || usd.signum() < 0) {
            throw new IllegalArgumentException("usd must be an amount of 0 or more");
        }
        synchronized (lockOf(account)) {
            boolean created = store.addAccount(account, clock.millis());
            BigDecimal balance = exchange.deposit(account, usd);
            subscribeAccount(account);
            log.info("event=hl_account_funded account={} usd={} balance={} via={} created={}", account,
                    usd.toPlainString(), balance.toPlainString(), via, created);
            return balance;
        }
    }

    private final Map<String, java.util.concurrent.atomic.AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();

    /** An account's traded notional, all time: replayed from its fills once, then kept up by the fill listener. */
    private static final class Volume {
        private BigDecimal total = BigDecimal.ZERO;
        private long cursor = -1;

        synchronized void add(Fill f) {
            if (f.cursor() > cursor) {
                total = total.add(f.size().multiply(f.price()));
                cursor = f.cursor();
            }
        }

        synchronized BigDecimal total() {
            return total;
        }
    }

    /** The account's cumulative traded volume in USDC (what the venue's address budget and gates go by). */
    BigDecimal volume(String account) {
        if (!store.known(account)) {
            return BigDecimal.ZERO;
        }
        Volume v = volumes.computeIfAbsent(account, a -> {
            Volume fresh = new Volume();
            for (Fill f : exchange.fillsSince(a, 0)) {
                fresh.add(f);
            }
            return fresh;
        });
        return v.total();
    }

    /** Counts {@code n} requests against the account's address budget (a batch of n orders is n). */
    void countRequests(String account, int n) {
        requests.computeIfAbsent(account, a -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(n);
    }

    long requestsUsed(String account) {
        java.util.concurrent.atomic.AtomicLong n = requests.get(account);
        return n == null ? 0 : n.get();
    }

    /** Whether the address is an account; nothing is created by asking. */
    boolean known(String account) {
        return store.known(account);
    }

    /**
     * For an info query about {@code account}: whether it is an account, after funding it first when the faucet
     * is on. Unknown addresses are answered with zeros, as the venue does.
     */
    boolean knownForInfo(String account) {
        if (store.known(account)) {
            return true;
        }
        if (config.faucetOnInfo()) {
            fund(account, config.startingBalance(), "faucet");
            return true;
        }
        return false;
    }

    private void subscribeAccount(String account) {
        core.follow(account, new VenueListener() {
            @Override
            public void onOrder(Order order) {
                onOrderChanged(account, order);
            }

            @Override
            public void onFill(Fill fill) {
                onFilled(account, fill);
            }
        });
    }

    private void onOrderChanged(String account, Order order) {
        ObjectNode update = null;
        for (SimEvents l : listeners) {
            if (l.wantsOrders(account)) {
                if (update == null) {
                    update = Json.mapper().createObjectNode();
                    update.set("order", Shapes.basicOrder(order));
                    update.put("status", Shapes.status(order, store.meta(account, order.clientId())));
                    update.put("statusTimestamp", order.updatedAt());
                }
                l.onOrder(account, order, update);
            }
            if (order.status() == OrderStatus.CANCELLED && order.rejectReason() != null
                    && !order.rejectReason().startsWith("limit not reached")
                    && !order.rejectReason().startsWith("no more liquidity")) { // an Ioc's own rest, not the venue's cancel
                l.onNonUserCancel(account, order);
            }
        }
        if (order.status() == OrderStatus.FILLED
                || order.status() == OrderStatus.CANCELLED && order.filledSize().signum() > 0) {
            activateChildren(account, order.clientId()); // an IOC partly filled protects what it filled
        } else if (order.status().isFinal()) {
            List<HyperliquidStore.PendingChild> dropped = store.takePendingChildren(account, order.clientId());
            if (!dropped.isEmpty()) {
                log.info("event=tpsl_children_dropped account={} parentOid={} count={} parentStatus={}", account,
                        order.orderId(), dropped.size(), order.status());
            }
        }
    }

    private void onFilled(String account, Fill fill) {
        Volume v = volumes.get(account);
        if (v != null) {
            v.add(fill);
        }
        PositionTracker tracker = trackers.computeIfAbsent(account, a -> new PositionTracker());
        BigDecimal start = tracker.startPosition(fill, () -> exchange.fillsSince(account, 0));
        ObjectNode json = Shapes.fill(fill, start, crossed(fill), account);
        for (SimEvents l : listeners) {
            l.onFill(account, fill, json);
        }
    }

    /**
     * A fill cursor no newer than any fill the account has not been seen to make: the last one its listener was
     * told about. A placement's own fills always come after it.
     */
    long fillFloor(String account) {
        PositionTracker t = trackers.get(account);
        return t == null ? 0 : t.lastCursor();
    }

    /** Whether a fill paid the taker fee (fees are rounded to 6 decimals, so compare with both rates). */
    boolean crossed(Fill f) {
        if (f.liquidation()) {
            return true;
        }
        BigDecimal notional = f.price().multiply(f.size());
        BigDecimal taker = notional.multiply(config.takerFeeBps()).movePointLeft(4);
        BigDecimal maker = notional.multiply(config.makerFeeBps()).movePointLeft(4);
        return f.fee().subtract(taker).abs().compareTo(f.fee().subtract(maker).abs()) <= 0;
    }

    /** Every fill of an account, oldest first, each with the position it started from. */
    List<ObjectNode> fillsWithStart(String account) {
        List<Fill> fills = exchange.fillsSince(account, 0);
        Map<String, BigDecimal> position = new HashMap<>();
        List<ObjectNode> result = new ArrayList<>(fills.size());
        for (Fill f : fills) {
            BigDecimal start = position.getOrDefault(f.symbol(), BigDecimal.ZERO);
            result.add(Shapes.fill(f, start, crossed(f), account));
            position.put(f.symbol(), start.add(f.side() == Side.BUY ? f.size() : f.size().negate()));
        }
        return result;
    }

    // ------------------------------------------------------------------ marks, candles, schedules

    private void onMarkChanged(String symbol, BigDecimal mark, long time) {
        try {
            store.mark(symbol, mark, time);
        } catch (RuntimeException e) {
            log.warn("event=candle_write_failed coin={} error={}", symbol, e.toString());
        }
        for (SimEvents l : listeners) {
            l.onMark(symbol, mark, time);
        }
        runDueSchedules();
    }

    /**
     * The funding rate of every coin every hour: Hyperliquid's interest component alone (0.01% per 8 hours), since
     * the simulated book is symmetric around the mark and so has no premium. Longs pay it to shorts.
     */
    static final BigDecimal FUNDING_RATE = new BigDecimal("0.0000125");
    private static final long HOUR = 3_600_000L;
    /** At most this many missed hours are settled after a long stop (at the marks of the restart). */
    private static final int MAX_CATCH_UP_HOURS = 24;
    private volatile long fundingHour = Long.MIN_VALUE;

    /** Settles every funding hour that has passed: each position pays or receives {@code szi * mark * rate}. */
    public void runDueFunding() {
        long now = clock.millis();
        long hour = now - Math.floorMod(now, HOUR);
        if (hour <= fundingHour) {
            return;
        }
        synchronized (this) {
            Long last = store.fundingHour();
            if (last == null) {
                store.settleFunding(hour, List.of(), List.of()); // nothing was open before the simulator started
                fundingHour = hour;
                return;
            }
            long from = Math.max(last + HOUR, hour - (MAX_CATCH_UP_HOURS - 1) * HOUR);
            for (long h = from; h <= hour; h += HOUR) {
                settleFundingHour(h);
            }
            fundingHour = Math.max(hour, last);
        }
    }

    private void settleFundingHour(long hour) {
        Map<String, BigDecimal> marks = exchange.marks();
        List<HyperliquidStore.FundingRate> rates = new ArrayList<>();
        for (HyperliquidSimConfig.Coin c : config.coins()) {
            rates.add(new HyperliquidStore.FundingRate(c.name(), hour, FUNDING_RATE, BigDecimal.ZERO));
        }
        List<HyperliquidStore.Funding> payments = new ArrayList<>();
        for (String account : store.accounts()) {
            for (pog.venue.Position p : exchange.positions(account)) {
                if (p.size().signum() == 0) {
                    continue;
                }
                BigDecimal usdc = p.size().multiply(marks.get(p.symbol())).multiply(FUNDING_RATE).negate()
                        .setScale(6, java.math.RoundingMode.HALF_EVEN);
                payments.add(new HyperliquidStore.Funding(account, p.symbol(), hour, usdc, p.size(), FUNDING_RATE));
            }
        }
        store.settleFunding(hour, rates, payments);
        for (HyperliquidStore.Funding f : payments) {
            synchronized (lockOf(f.account())) {
                exchange.adjustBalance(f.account(), f.usdc(), "funding " + f.coin());
            }
            for (SimEvents l : listeners) {
                l.onFunding(f.account(), f);
            }
        }
        log.info("event=funding_settled hour={} payments={} rate={}", hour, payments.size(), FUNDING_RATE);
    }

    /** Funding the account received per coin (negative when it paid), all time. */
    Map<String, BigDecimal> fundingReceived(String account) {
        Map<String, BigDecimal> sum = new HashMap<>();
        for (HyperliquidStore.Funding f : store.fundings(account, Long.MIN_VALUE, Long.MAX_VALUE)) {
            sum.merge(f.coin(), f.usdc(), BigDecimal::add);
        }
        return sum;
    }

    /** Fires every scheduled cancel whose time has come: all open orders of that account, counted per UTC day. */
    public void runDueSchedules() {
        runDueFunding();
        long now = clock.millis();
        if (!store.scheduleDue(now)) {
            return;
        }
        for (Map.Entry<String, HyperliquidStore.Schedule> e : store.schedules().entrySet()) {
            HyperliquidStore.Schedule s = e.getValue();
            if (s.cancelAt() != null && s.cancelAt() <= now) {
                fireSchedule(e.getKey(), now);
            }
        }
    }

    /** The lock that serialises one account's actions. */
    Object lockOf(String account) {
        return core.lockOf(account);
    }

    private void fireSchedule(String account, long now) {
        synchronized (lockOf(account)) {
            HyperliquidStore.Schedule s = store.schedule(account);
            if (s == null || s.cancelAt() == null || s.cancelAt() > now) {
                return; // another thread fired it first
            }
            long day = Math.floorDiv(now, 86_400_000L);
            int fired = s.day() == day ? s.fired() + 1 : 1;
            store.putSchedule(account, new HyperliquidStore.Schedule(null, day, fired));
            int cancelled = 0;
            for (Order o : exchange.openOrders(account)) {
                HyperliquidStore.OrderMeta meta = store.meta(account, o.clientId());
                store.putMeta(account, o.clientId(), (meta != null ? meta
                        : new HyperliquidStore.OrderMeta(null, null, null, "na", null, null)).withCancelStatus("scheduledCancel"));
                if (exchange.cancelOrder(account, o.orderId())) {
                    cancelled++;
                }
            }
            log.info("event=scheduled_cancel_fired account={} at={} cancelled={} firedToday={}", account, s.cancelAt(),
                    cancelled, fired);
        }
    }

    // ------------------------------------------------------------------ normalTpsl children

    private void activateChildren(String account, String parentClientId) {
        List<HyperliquidStore.PendingChild> children = store.takePendingChildren(account, parentClientId);
        if (children.isEmpty()) {
            return;
        }
        synchronized (lockOf(account)) {
            for (HyperliquidStore.PendingChild child : children) {
                try {
                    Order placed = exchangeApi.placeChild(account, child);
                    log.info("event=tpsl_child_placed account={} parent={} oid={} status={}", account, parentClientId,
                            placed.orderId(), placed.status());
                } catch (RuntimeException e) {
                    log.warn("event=tpsl_child_failed account={} parent={} error={}", account, parentClientId,
                            e.toString());
                }
            }
        }
    }

    /** After a restart: children whose parent filled (or died) while we were down. */
    private void resumePendingChildren() {
        for (HyperliquidStore.PendingChild child : store.allPendingChildren()) {
            exchange.order(child.account(), child.parentClient()).ifPresent(parent -> {
                if (parent.status() == OrderStatus.FILLED) {
                    activateChildren(child.account(), child.parentClient());
                } else if (parent.status().isFinal()) {
                    store.takePendingChildren(child.account(), child.parentClient());
                }
            });
        }
    }

    @Override
    public void close() {
        core.close();
        store.close();
        log.info("event=hl_sim_closed");
    }

    /** Signed positions per coin of one account, kept in step with its fills as the exchange reports them. */
    private static final class PositionTracker {
        private final Map<String, BigDecimal> positions = new HashMap<>();
        private long lastCursor = -1;

        synchronized BigDecimal startPosition(Fill fill, java.util.function.Supplier<List<Fill>> history) {
            if (lastCursor < 0) {
                // First fill seen since start: replay what came before it from the exchange's own record.
                for (Fill f : history.get()) {
                    if (f.cursor() < fill.cursor()) {
                        apply(f);
                    }
                }
            } else if (fill.cursor() <= lastCursor) {
                return positions.getOrDefault(fill.symbol(), BigDecimal.ZERO); // redelivery: nothing new
            }
            BigDecimal start = positions.getOrDefault(fill.symbol(), BigDecimal.ZERO);
            apply(fill);
            return start;
        }

        synchronized long lastCursor() {
            return Math.max(lastCursor, 0);
        }

        private void apply(Fill f) {
            positions.merge(f.symbol(), f.side() == Side.BUY ? f.size() : f.size().negate(), BigDecimal::add);
            lastCursor = Math.max(lastCursor, f.cursor());
        }
    }
}
