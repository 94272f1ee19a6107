package pog.lighter.client;

import pog.venue.net.Backoff;
import pog.venue.net.RateLimiter;
import pog.venue.net.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.CancelAllOrders;
import pog.lighter.signer.tx.CancelOrder;
import pog.lighter.signer.tx.CreateGroupedOrders;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TimeInForce;
import pog.lighter.signer.tx.TxBody;
import pog.lighter.signer.tx.TxSigner;
import pog.lighter.signer.tx.UpdateLeverage;
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
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * One Lighter account as a {@link Venue}: REST under {@code /api/v1} for state and signed transactions, the
 * WebSocket {@code /stream} ({@code order_book/{market}}, {@code account_all/{account}}) for marks, orders and trades.
 * Symbols are Lighter's market symbols ("ETH", "BTC").
 *
 * <p>Placing is idempotent on the client id: the client order index is derived from it
 * ({@link ClientOrderIndexes}), the venue's active and recent inactive orders are searched for that index before
 * anything is sent, and after a send whose answer never came. Wire mapping: MARKET is a market order (IOC) whose
 * price is the mark +/- {@code marketSlippage}; LIMIT_GTC/IOC/POST_ONLY are limit orders with good-till-time (28 days),
 * immediate-or-cancel, post-only; STOP_MARKET and TAKE_PROFIT_MARKET are reduce-only STOP_LOSS / TAKE_PROFIT orders
 * resting on the venue with a worst price 10% beyond the trigger. Sizes must be multiples of the lot; prices are
 * rounded to the tick only in the order's favour (stops round towards firing earlier).
 */
public final class LighterVenue implements Venue {
    /** Jitter for backoffs: clients that failed together do not come back together. */
    private static final java.util.function.DoubleSupplier JITTER =
            () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();
    private static final Logger log = LoggerFactory.getLogger(LighterVenue.class);
    private static final BigDecimal TRIGGER_SLIPPAGE = new BigDecimal("0.10");
    private static final long ORDER_EXPIRY_MS = 28L * 86_400_000;
    private static final long TX_EXPIRY_MS = 10L * 60_000;
    private static final long MAX_PRICE = (1L << 32) - 1;
    private static final int PAGE = 100;
    private static final int INVALID_MARKET = 21701;
    private static final int ORDER_NOT_FOUND = 21501;

    private final LighterSettings settings;
    private final TxSigner signer;
    private final Clock clock;
    private final HttpClient http;
    private final LighterRest rest;
    private final Backoff retryBackoff;
    private final ClientOrderIndexes ids;
    private final Nonces nonces;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, Market> bySymbol = new LinkedHashMap<>();
    private final Map<Integer, Market> byId = new LinkedHashMap<>();
    private final List<Subscriber> listeners = new CopyOnWriteArrayList<>();
    private volatile long deliveredTradeId = -1;
    private String authToken;
    private final Object sendLock = new Object();
    private long authDeadline;
    private WsStream stream;

    /** A market's identity and integer scaling. */
    record Market(int id, String symbol, int sizeDecimals, int priceDecimals, int maxLeverage, BigDecimal minBase,
                  BigDecimal minQuote) {
        Market(int id, String symbol, int sizeDecimals, int priceDecimals, int maxLeverage) {
            this(id, symbol, sizeDecimals, priceDecimals, maxLeverage, BigDecimal.ZERO, BigDecimal.ZERO);
        }

        MarketInfo info() {
            return new MarketInfo(symbol, BigDecimal.ONE.movePointLeft(priceDecimals),
                    BigDecimal.ONE.movePointLeft(sizeDecimals), maxLeverage, minBase, minQuote);
        }
    }

    private LighterVenue(LighterSettings settings, PrivateKey key, Clock clock) {
        this.settings = settings;
        this.signer = new TxSigner(key, settings.chainId(), settings.accountIndex(), settings.apiKeyIndex());
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.retryBackoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5), JITTER);
        this.rest = new LighterRest(http, settings.baseUrl(), settings.requestTimeout(), retryBackoff,
                settings.maxRetries(), new RateLimiter(settings.requestsPerMinute(), clock, Sleeper.REAL));
        String tag = settings.accountIndex() + "-" + settings.apiKeyIndex();
        this.ids = new ClientOrderIndexes(settings.accountIndex(),
                settings.stateDir().resolve("lighter-client-ids-" + settings.accountIndex()));
        this.nonces = new Nonces(settings.stateDir().resolve("lighter-nonce-" + tag), this::venueNextNonce);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lighter-ws");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Loads the API key (from {@code keyFile}, mode 0600, or from {@code env[keyEnv]}), checks it is the one registered
     * for (account, API key index) — registering it with the simulator when allowed and the slot is empty — reads
     * the markets, and starts the WebSocket (it connects and reconnects in the background).
     *
     * @throws IllegalStateException naming the key file or variable and what is wrong with it (never the key)
     * @throws VenueException        when the venue cannot be reached, or refuses the key
     */
    public static LighterVenue open(LighterSettings settings, Map<String, String> env, Clock clock) {
        PrivateKey key = settings.keyFile() != null ? PrivateKey.fromFile(settings.keyFile())
                : PrivateKey.fromEnv(env, settings.keyEnv());
        LighterVenue venue = new LighterVenue(settings, key, clock);
        try {
            venue.checkApiKey(key);
            venue.loadMarkets();
            venue.deliveredTradeId = venue.newestTradeId();
        } catch (RuntimeException e) {
            venue.close();
            throw e;
        }
        venue.startStream();
        log.info("event=lighter_venue_open url={} account={} apiKey={} chainId={} markets={}", settings.baseUrl(),
                settings.accountIndex(), settings.apiKeyIndex(), settings.chainId(), venue.bySymbol.size());
        return venue;
    }

    // ---------------------------------------------------------------- Venue

    @Override
    public String name() {
        return "lighter";
    }

    /** The account index, as text. */
    @Override
    public String accountId() {
        return Long.toString(settings.accountIndex());
    }

    @Override
    public List<MarketInfo> markets() {
        synchronized (bySymbol) {
            return bySymbol.values().stream().map(Market::info).toList();
        }
    }

    @Override
    public Account account() {
        JsonNode a = accountJson();
        BigDecimal equity = decimal(a, "total_asset_value");
        BigDecimal available = decimal(a, "available_balance");
        return new Account(equity, equity.subtract(available).max(BigDecimal.ZERO), available, clock.millis());
    }

    @Override
    public List<Position> positions() {
        JsonNode a = accountJson();
        long now = clock.millis();
        List<Position> out = new ArrayList<>();
        for (JsonNode p : a.path("positions")) {
            BigDecimal size = decimal(p, "position");
            Market m = byId(p.path("market_id").asInt());
            if (size.signum() == 0 || m == null) {
                continue;
            }
            BigDecimal signed = p.path("sign").asInt(1) < 0 ? size.negate() : size;
            BigDecimal mark = plain(decimal(p, "position_value").divide(size, MathContext.DECIMAL64));
            BigDecimal liq = decimal(p, "liquidation_price");
            out.add(new Position(m.symbol(), signed, decimal(p, "avg_entry_price"), mark, decimal(p, "unrealized_pnl"),
                    liq.signum() == 0 ? null : liq, now));
        }
        return out;
    }

    @Override
    public List<Order> openOrders() {
        List<Order> out = new ArrayList<>();
        for (Market m : marketList()) {
            for (JsonNode o : activeOrders(m)) {
                out.add(order(o, null));
            }
        }
        return out;
    }

    @Override
    public Order place(OrderRequest request) {
        Market m = market(request.symbol());
        if (m == null) {
            return rejected(request, "unknown symbol " + request.symbol());
        }
        long coi;
        boolean retry;
        try {
            retry = ids.known(request.clientId());
            coi = ids.register(request.clientId());
        } catch (IllegalArgumentException e) {
            return rejected(request, e.getMessage());
        }
        // The venue may already have it: a retry after a timeout, or a restart after a crash mid-placement.
        Order existing = lookup(m, coi, request);
        if (existing != null) {
            requireRetry(retry, request, coi, existing);
            log.info("event=lighter_order_known client_id={} coi={} order_index={} status={}", request.clientId(), coi,
                    existing.orderId(), existing.status());
            return existing;
        }
        CreateOrder body;
        try {
            body = createOrder(request, m, coi);
        } catch (IllegalArgumentException e) {
            return rejected(request, e.getMessage());
        }
        for (int attempt = 0; ; attempt++) {
            try {
                send(body);
                Order placed = lookup(m, coi, request);
                if (placed == null) {
                    // Accepted but not yet executed (the real sequencer is asynchronous): it is on its way.
                    placed = order(request, null, BigDecimal.ZERO, OrderStatus.OPEN, null);
                }
                log.info("event=lighter_order_placed client_id={} coi={} order_index={} symbol={} side={} type={}"
                                + " size={} status={}", request.clientId(), coi, placed.orderId(), request.symbol(),
                        request.side(), request.type(), request.size().toPlainString(), placed.status());
                return placed;
            } catch (RefusedException e) {
                if (e.code() == RefusedException.INVALID_NONCE && attempt < settings.maxRetries()) {
                    nonces.refused();
                    continue;
                }
                log.warn("event=lighter_order_rejected client_id={} coi={} reason=\"{}\"", request.clientId(), coi,
                        e.getMessage());
                return rejected(request, e.getMessage());
            } catch (OutcomeUnknownException e) {
                nonces.resync();
                log.warn("event=lighter_order_unanswered client_id={} coi={} attempt={} cause=\"{}\"",
                        request.clientId(), coi, attempt + 1, e.getMessage());
                Order found = lookup(m, coi, request);
                if (found != null) {
                    return found;
                }
                if (attempt >= settings.maxRetries()) {
                    throw VenueException.unavailable("order " + request.clientId() + " got no answer " + (attempt + 1)
                            + " times and is not on the venue; placing the same client id again looks it up first", e);
                }
                pause(attempt);
                // Resending the same client order index cannot make a second order: the venue keeps the first.
            }
        }
    }

    /**
     * The entry and its stop as ONE {@code CreateGroupedOrders} transaction, one-triggers-the-other: the stop
     * (BaseAmount 0) is attached to the entry and activated by its fill, sized to what it filled. A venue that
     * refuses the group gets the two-step path, and the answer carries its words as the reason.
     */
    @Override
    public ProtectedEntry placeWithStop(OrderRequest entry, OrderRequest stop) {
        Market m = market(entry.symbol());
        if (m == null) {
            return new ProtectedEntry(rejected(entry, "unknown symbol " + entry.symbol()), null, null);
        }
        long entryCoi;
        long stopCoi;
        boolean retry;
        try {
            retry = ids.known(entry.clientId());
            entryCoi = ids.register(entry.clientId());
            stopCoi = ids.register(stop.clientId());
        } catch (IllegalArgumentException e) {
            return new ProtectedEntry(rejected(entry, e.getMessage()), null, null);
        }
        Order existing = lookup(m, entryCoi, entry);
        if (existing != null) {
            requireRetry(retry, entry, entryCoi, existing);
            log.info("event=lighter_order_known client_id={} coi={} order_index={} status={}", entry.clientId(),
                    entryCoi, existing.orderId(), existing.status());
            return new ProtectedEntry(existing, lookup(m, stopCoi, stop), null);
        }
        CreateGroupedOrders body;
        try {
            CreateOrder e = createOrder(entry, m, entryCoi);
            CreateOrder s = createOrder(stop, m, stopCoi);
            CreateOrder child = new CreateOrder(s.marketIndex(), s.clientOrderIndex(), 0, s.price(), s.isAsk(),
                    s.type(), s.timeInForce(), 1, s.triggerPrice(),
                    e.orderExpiry() == 0 ? s.orderExpiry() : e.orderExpiry());
            body = new CreateGroupedOrders(CreateGroupedOrders.ONE_TRIGGERS_THE_OTHER, List.of(e, child));
            body.validate(null);
        } catch (IllegalArgumentException e) {
            return new ProtectedEntry(rejected(entry, e.getMessage()), null, null);
        }
        try {
            send(body);
        } catch (RefusedException e) {
            if (e.code() == RefusedException.INVALID_NONCE) {
                throw VenueException.unavailable("lighter refused the grouped entry's nonce twice; placing the same"
                        + " client ids again looks them up first", e);
            }
            log.warn("event=protected_entry_fallback venue=lighter client_id={} reason=\"{}\"", entry.clientId(),
                    e.getMessage());
            return twoStep(entry, stop, "lighter refused the grouped orders: " + e.getMessage());
        } catch (OutcomeUnknownException e) {
            Order found = lookup(m, entryCoi, entry);
            if (found == null) {
                throw VenueException.unavailable("entry " + entry.clientId() + " and its stop got no answer and are"
                        + " not on the venue; placing the same client ids again looks them up first", e);
            }
            return new ProtectedEntry(found, lookup(m, stopCoi, stop), null);
        }
        Order placed = lookup(m, entryCoi, entry);
        if (placed == null) {
            // Accepted but not yet executed (the real sequencer is asynchronous): it is on its way.
            placed = order(entry, null, BigDecimal.ZERO, OrderStatus.OPEN, null);
        }
        Order placedStop = placed.filledSize().signum() > 0 ? lookup(m, stopCoi, stop) : null;
        log.info("event=lighter_protected_entry client_id={} coi={} order_index={} status={} stop_client_id={}"
                        + " stop_status={}", entry.clientId(), entryCoi, placed.orderId(), placed.status(),
                stop.clientId(), placedStop == null ? "waiting" : placedStop.status());
        return new ProtectedEntry(placed, placedStop, null);
    }

    /**
     * An order found on the venue under a client order index this client never sent before is not a retry: Lighter
     * keeps the first order of an index and creates nothing for a second, so taking that order as our placement
     * would report an old order (perhaps filled an hour ago) as the new one while nothing happened.
     */
    private static void requireRetry(boolean retry, OrderRequest r, long coi, Order existing) {
        if (!retry) {
            log.error("event=client_id_reused venue=lighter client_id={} coi={} order_index={} status={}",
                    r.clientId(), coi, existing.orderId(), existing.status());
            throw VenueException.clientIdReused("client id " + r.clientId() + " (client order index " + coi
                    + ") was already used on this account by order " + existing.orderId() + " ("
                    + existing.status() + "); nothing was placed");
        }
    }

    @Override
    public boolean cancel(String symbol, String clientId) {
        Market m = market(symbol);
        if (m == null) {
            throw VenueException.rejected("unknown symbol " + symbol);
        }
        long coi = ClientOrderIndexes.indexOf(settings.accountIndex(), clientId);
        for (int attempt = 0; ; attempt++) {
            Order open = null;
            for (JsonNode o : activeOrders(m)) {
                if (o.path("client_order_index").asLong() == coi) {
                    open = order(o, clientId);
                }
            }
            if (open == null) {
                return false;
            }
            try {
                send(new CancelOrder(m.id(), Long.parseLong(open.orderId())));
                log.info("event=lighter_cancel client_id={} order_index={}", clientId, open.orderId());
                return true;
            } catch (RefusedException e) {
                if (e.code() == ORDER_NOT_FOUND) {
                    return false;
                }
                if (e.code() == RefusedException.INVALID_NONCE && attempt < settings.maxRetries()) {
                    nonces.refused();
                    continue;
                }
                throw e;
            } catch (OutcomeUnknownException e) {
                nonces.resync();
                Order now = lookup(m, coi, null);
                if (now == null || !now.isOpen()) {
                    return now != null && now.status() == OrderStatus.CANCELLED;
                }
                if (attempt >= settings.maxRetries()) {
                    throw VenueException.unavailable("cancel " + clientId + " got no answer; the order is still open", e);
                }
                pause(attempt);
            }
        }
    }

    /** Fills whose trade id is above {@code cursor}, oldest first; the cursor is Lighter's trade id. */
    @Override
    public List<Fill> fillsSince(long cursor) {
        List<Fill> out = new ArrayList<>();
        long from = cursor;
        while (true) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("account_index", accountId());
            q.put("sort_by", "trade_id");
            q.put("sort_dir", "asc");
            q.put("from", Long.toString(from));
            q.put("limit", Integer.toString(PAGE));
            JsonNode trades = rest.get("trades", q, auth()).path("trades");
            for (JsonNode t : trades) {
                Fill f = fill(t);
                if (f != null && f.cursor() > from) {
                    out.add(f);
                }
            }
            if (trades.size() < PAGE || out.isEmpty()) {
                return out;
            }
            from = out.get(out.size() - 1).cursor();
        }
    }

    @Override
    public Map<String, BigDecimal> marks() {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (JsonNode d : rest.get("orderBookDetails", Map.of(), null).path("order_book_details")) {
            Market m = byId(d.path("market_id").asInt());
            JsonNode px = d.hasNonNull("mark_price") ? d.get("mark_price") : d.get("last_trade_price");
            if (m != null && px != null && px.isNumber()) {
                out.put(m.symbol(), plain(px.decimalValue()));
            }
        }
        return out;
    }

    @Override
    public AutoCloseable subscribe(VenueListener listener) {
        Subscriber s = new Subscriber(listener);
        listeners.add(s);
        try {
            executor.execute(() -> {
                if (streaming()) {
                    tellConnection(s, true);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: there is no stream to report on
        }
        return () -> listeners.remove(s);
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        executor.shutdown();
    }

    // ---------------------------------------------------------------- beyond Venue

    /** The dead man's switch: every open order is cancelled at {@code epochMillis}; null aborts a scheduled one. */
    public void scheduleCancelAll(Long epochMillis) {
        send(epochMillis == null ? new CancelAllOrders(TimeInForce.CANCEL_ALL_ABORT_SCHEDULED, 0)
                : new CancelAllOrders(TimeInForce.CANCEL_ALL_SCHEDULED, epochMillis));
        log.info("event=lighter_schedule_cancel_all time={}", epochMillis == null ? "aborted" : epochMillis);
    }

    /** Cancels every open order now. */
    public void cancelAll() {
        send(new CancelAllOrders(TimeInForce.CANCEL_ALL_IMMEDIATE, 0));
    }

    /** Cross-margin leverage of one market (initial margin fraction 1/leverage). */
    public void updateLeverage(String symbol, int leverage) {
        Market m = market(symbol);
        if (m == null || leverage < 1) {
            throw VenueException.rejected("unknown symbol " + symbol + " or leverage below 1");
        }
        send(new UpdateLeverage(m.id(), 10_000 / leverage, 0));
        log.info("event=lighter_leverage symbol={} leverage={}", symbol, leverage);
    }

    /** True while the WebSocket is connected and subscribed. */
    public boolean streaming() {
        return stream != null && stream.connected();
    }

    /** Drops the WebSocket as a network failure would (it reconnects, resubscribes and gap-fills). */
    void dropStream(String reason) {
        stream.reconnect(reason);
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Signs and sends one transaction. Sends are one at a time (the venue takes a key's nonces in order, so two in
     * flight could arrive swapped and the later nonce be refused).
     */
    private JsonNode send(TxBody body) {
        synchronized (sendLock) {
            return sendInOrder(body);
        }
    }

    private JsonNode sendInOrder(TxBody body) {
        for (int attempt = 0; ; attempt++) {
            SignedTx tx = signer.sign(body, nonces.next(), clock.millis() + TX_EXPIRY_MS);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("tx_type", Integer.toString(tx.txType()));
            form.put("tx_info", tx.txInfo());
            try {
                return rest.post("sendTx", form);
            } catch (RefusedException e) {
                if (e.code() == RefusedException.INVALID_NONCE && attempt < 1) {
                    nonces.refused();
                    continue;
                }
                throw e;
            } catch (OutcomeUnknownException e) {
                nonces.resync();
                throw e;
            }
        }
    }

    private CreateOrder createOrder(OrderRequest r, Market m, long coi) {
        boolean buy = r.side() == Side.BUY;
        long base = units(r.size(), m.sizeDecimals(), "size", r.symbol());
        long now = clock.millis();
        int ro = r.reduceOnly() ? 1 : 0;
        switch (r.type()) {
            case MARKET -> {
                BigDecimal mark = marks().get(r.symbol());
                if (mark == null) {
                    throw new IllegalArgumentException("no mark price for " + r.symbol() + " to price a market order");
                }
                BigDecimal worst = mark.multiply(buy ? BigDecimal.ONE.add(settings.marketSlippage())
                        : BigDecimal.ONE.subtract(settings.marketSlippage()));
                return new CreateOrder(m.id(), coi, base, price(worst, m, buy ? RoundingMode.FLOOR : RoundingMode.CEILING),
                        buy ? 0 : 1, pog.lighter.signer.tx.OrderType.MARKET, TimeInForce.IMMEDIATE_OR_CANCEL, ro, 0, 0);
            }
            case LIMIT_GTC, LIMIT_IOC, LIMIT_POST_ONLY -> {
                long px = price(r.limitPrice(), m, buy ? RoundingMode.FLOOR : RoundingMode.CEILING);
                int tif = r.type() == OrderType.LIMIT_GTC ? TimeInForce.GOOD_TILL_TIME
                        : r.type() == OrderType.LIMIT_IOC ? TimeInForce.IMMEDIATE_OR_CANCEL : TimeInForce.POST_ONLY;
                return new CreateOrder(m.id(), coi, base, px, buy ? 0 : 1, pog.lighter.signer.tx.OrderType.LIMIT, tif,
                        ro, 0, tif == TimeInForce.IMMEDIATE_OR_CANCEL ? 0 : now + ORDER_EXPIRY_MS);
            }
            case STOP_MARKET, TAKE_PROFIT_MARKET -> {
                boolean stop = r.type() == OrderType.STOP_MARKET;
                // A stop rounds towards firing earlier: up for a sell stop, down for a buy stop.
                RoundingMode mode = stop ? (buy ? RoundingMode.FLOOR : RoundingMode.CEILING) : RoundingMode.HALF_EVEN;
                long trigger = price(r.triggerPrice(), m, mode);
                BigDecimal triggerPx = BigDecimal.valueOf(trigger, m.priceDecimals());
                BigDecimal worst = triggerPx.multiply(buy ? BigDecimal.ONE.add(TRIGGER_SLIPPAGE)
                        : BigDecimal.ONE.subtract(TRIGGER_SLIPPAGE));
                return new CreateOrder(m.id(), coi, base, price(worst, m, RoundingMode.HALF_EVEN), buy ? 0 : 1,
                        stop ? pog.lighter.signer.tx.OrderType.STOP_LOSS : pog.lighter.signer.tx.OrderType.TAKE_PROFIT,
                        TimeInForce.IMMEDIATE_OR_CANCEL, 1, trigger, now + ORDER_EXPIRY_MS);
            }
            default -> throw new IllegalArgumentException("unsupported order type " + r.type());
        }
    }

    private static long units(BigDecimal v, int decimals, String what, String symbol) {
        BigDecimal scaled = v.movePointRight(decimals);
        if (scaled.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(what + " " + v.toPlainString() + " is not a multiple of "
                    + BigDecimal.ONE.movePointLeft(decimals).toPlainString() + " on " + symbol);
        }
        return scaled.longValueExact();
    }

    private static long price(BigDecimal px, Market m, RoundingMode mode) {
        long units = px.movePointRight(m.priceDecimals()).setScale(0, mode).longValueExact();
        if (units < 1 || units > MAX_PRICE) {
            throw new IllegalArgumentException("price " + px.toPlainString() + " is out of range on " + m.symbol());
        }
        return units;
    }

    private long venueNextNonce() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", accountId());
        q.put("api_key_index", Integer.toString(settings.apiKeyIndex()));
        return rest.get("nextNonce", q, null).path("nonce").asLong();
    }

    // ---------------------------------------------------------------- reads

    private void checkApiKey(PrivateKey key) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", accountId());
        q.put("api_key_index", Integer.toString(settings.apiKeyIndex()));
        String registered = null;
        JsonNode keys;
        try {
            keys = rest.get("apikeys", q, null).path("api_keys");
        } catch (RefusedException e) {
            if (e.code() != RefusedException.ACCOUNT_NOT_FOUND) {
                throw e;
            }
            if (!settings.registerApiKey()) {
                throw VenueException.rejected("Lighter account " + accountId() + " does not exist (find yours with"
                        + " accountsByL1Address)");
            }
            keys = LighterRest.JSON.createArrayNode();
        }
        for (JsonNode k : keys) {
            if (k.path("api_key_index").asInt() == settings.apiKeyIndex()) {
                registered = k.path("public_key").asText().toLowerCase().replaceFirst("^0x", "");
            }
        }
        String mine = key.publicKeyHex();
        if (registered == null && settings.registerApiKey()) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("account_index", accountId());
            form.put("api_key_index", Integer.toString(settings.apiKeyIndex()));
            form.put("public_key", mine);
            rest.post("sim/registerApiKey", form);
            log.info("event=lighter_api_key_registered account={} apiKey={}", accountId(), settings.apiKeyIndex());
            return;
        }
        if (registered == null) {
            throw VenueException.rejected("API key " + settings.apiKeyIndex() + " of Lighter account " + accountId()
                    + " is not registered; register public key " + mine + " for it first: pog lighter register-key"
                    + " --account " + accountId() + " --api-key-index " + settings.apiKeyIndex() + " (ChangePubKey)");
        }
        if (!registered.equals(mine)) {
            throw VenueException.rejected("API key " + settings.apiKeyIndex() + " of Lighter account " + accountId()
                    + " is registered with another public key than this key's (" + mine + ")");
        }
    }

    private void loadMarkets() {
        JsonNode details = rest.get("orderBookDetails", Map.of(), null).path("order_book_details");
        if (!details.isArray() || details.isEmpty()) {
            throw VenueException.unavailable("lighter orderBookDetails has no markets", null);
        }
        synchronized (bySymbol) {
            for (JsonNode d : details) {
                int minImf = d.path("min_initial_margin_fraction").asInt(10_000);
                Market m = new Market(d.path("market_id").asInt(), d.path("symbol").asText(),
                        d.path("size_decimals").asInt(), d.path("price_decimals").asInt(),
                        Math.max(1, 10_000 / Math.max(1, minImf)), decimalOrZero(d, "min_base_amount"),
                        decimalOrZero(d, "min_quote_amount"));
                bySymbol.put(m.symbol(), m);
                byId.put(m.id(), m);
            }
        }
    }

    private static BigDecimal decimalOrZero(JsonNode n, String field) {
        try {
            return n.hasNonNull(field) ? new BigDecimal(n.get(field).asText()) : BigDecimal.ZERO;
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private Market market(String symbol) {
        synchronized (bySymbol) {
            return bySymbol.get(symbol);
        }
    }

    private Market byId(int id) {
        synchronized (bySymbol) {
            return byId.get(id);
        }
    }

    private List<Market> marketList() {
        synchronized (bySymbol) {
            return List.copyOf(bySymbol.values());
        }
    }

    private JsonNode accountJson() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("by", "index");
        q.put("value", accountId());
        return rest.get("account", q, null).path("accounts").path(0);
    }

    private JsonNode activeOrders(Market m) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", accountId());
        q.put("market_id", Integer.toString(m.id()));
        return rest.get("accountActiveOrders", q, auth()).path("orders");
    }

    /** The order carrying {@code coi}: among the open ones, else the newest finished ones; null when none. */
    private Order lookup(Market m, long coi, OrderRequest request) {
        String clientId = request == null ? ids.clientIdOf(coi) : request.clientId();
        for (JsonNode o : activeOrders(m)) {
            if (o.path("client_order_index").asLong() == coi) {
                return order(o, clientId);
            }
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", accountId());
        q.put("market_id", Integer.toString(m.id()));
        q.put("limit", Integer.toString(PAGE));
        for (JsonNode o : rest.get("accountInactiveOrders", q, auth()).path("orders")) {
            if (o.path("client_order_index").asLong() == coi) {
                return order(o, clientId);
            }
        }
        return null;
    }

    private long newestTradeId() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", accountId());
        q.put("sort_by", "trade_id");
        q.put("sort_dir", "desc");
        q.put("limit", "1");
        JsonNode trades = rest.get("trades", q, auth()).path("trades");
        return trades.isEmpty() ? 0 : trades.get(0).path("trade_id").asLong();
    }

    /** An auth token valid for at least another minute (they last ten). */
    private synchronized String auth() {
        long now = clock.millis() / 1000;
        if (authToken == null || authDeadline - now < 60) {
            authDeadline = now + 600;
            authToken = signer.authToken(authDeadline);
        }
        return authToken;
    }

    // ---------------------------------------------------------------- wire -> model

    private Order order(JsonNode o, String clientId) {
        Market m = byId(o.path("market_index").asInt());
        String symbol = m == null ? "market-" + o.path("market_index").asInt() : m.symbol();
        String id = clientId != null ? clientId : ids.clientIdOf(o.path("client_order_index").asLong());
        String type = o.path("type").asText();
        String tif = o.path("time_in_force").asText();
        OrderType t = switch (type) {
            case "market" -> OrderType.MARKET;
            case "stop-loss", "stop-loss-limit" -> OrderType.STOP_MARKET;
            case "take-profit", "take-profit-limit" -> OrderType.TAKE_PROFIT_MARKET;
            default -> "good-till-time".equals(tif) ? OrderType.LIMIT_GTC
                    : "post-only".equals(tif) ? OrderType.LIMIT_POST_ONLY : OrderType.LIMIT_IOC;
        };
        String status = o.path("status").asText();
        OrderStatus s;
        String reason = null;
        switch (status) {
            case "open", "in-progress", "pending" -> s = OrderStatus.OPEN;
            case "filled" -> s = OrderStatus.FILLED;
            case "canceled-margin-not-allowed", "canceled-reduce-only", "canceled-post-only",
                 "canceled-position-not-allowed", "canceled-invalid-balance" -> {
                s = OrderStatus.REJECTED;
                reason = status;
            }
            default -> {
                s = OrderStatus.CANCELLED;
                reason = "canceled".equals(status) ? null : status;
            }
        }
        BigDecimal price = decimal(o, "price");
        BigDecimal trigger = decimal(o, "trigger_price");
        return new Order(o.path("order_index").asText(), id, symbol, o.path("is_ask").asBoolean() ? Side.SELL : Side.BUY,
                t, decimal(o, "initial_base_amount"), decimal(o, "filled_base_amount"),
                t == OrderType.MARKET || t.isTrigger() ? null : price, t.isTrigger() ? trigger : null,
                o.path("reduce_only").asBoolean(), s, reason, o.path("created_at").asLong(),
                o.path("updated_at").asLong());
    }

    private Fill fill(JsonNode t) {
        Market m = byId(t.path("market_id").asInt());
        if (m == null) {
            return null;
        }
        boolean ask = t.path("ask_account_id").asLong() == settings.accountIndex();
        long coi = t.path(ask ? "ask_client_id" : "bid_client_id").asLong();
        return new Fill(t.path("trade_id").asLong(), t.path("trade_id").asText(), t.path(ask ? "ask_id" : "bid_id").asText(),
                ids.clientIdOf(coi), m.symbol(), ask ? Side.SELL : Side.BUY, decimal(t, "size"), decimal(t, "price"),
                decimal(t, "fee"), decimal(t, "realized_pnl"), "liquidation".equals(t.path("type").asText()),
                t.path("timestamp").asLong());
    }

    private Order order(OrderRequest r, String orderId, BigDecimal filled, OrderStatus status, String reason) {
        long now = clock.millis();
        return new Order(orderId, r.clientId(), r.symbol(), r.side(), r.type(), r.size(), filled, r.limitPrice(),
                r.triggerPrice(), r.type().isTrigger() || r.reduceOnly(), status, reason, now, now);
    }

    private Order rejected(OrderRequest r, String reason) {
        return order(r, null, BigDecimal.ZERO, OrderStatus.REJECTED, reason);
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw VenueException.unavailable("lighter answered " + field + "=" + LighterRest.shorten(v.asText()), e);
        }
    }

    /** Without trailing zeros and never in exponent form: 3000.00 -> 3000. */
    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(retryBackoff.delay(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unavailable("interrupted", e);
        }
    }

    // ---------------------------------------------------------------- stream

    private void startStream() {
        stream = new WsStream(http, URI.create(settings.wsUrl()), this::subscriptions, new StreamHandler(),
                settings.pingInterval(), settings.pongTimeout(), settings.connectTimeout(),
                new Backoff(settings.reconnectMin(), settings.reconnectMax(), JITTER), executor);
        stream.start();
    }

    private List<String> subscriptions() {
        List<String> subs = new ArrayList<>();
        for (Market m : marketList()) {
            subs.add("{\"type\":\"subscribe\",\"channel\":\"order_book/" + m.id() + "\"}");
        }
        subs.add("{\"type\":\"subscribe\",\"channel\":\"account_all/" + accountId() + "\",\"auth\":\"" + auth() + "\"}");
        return subs;
    }

    private void emit(Consumer<VenueListener> event) {
        for (Subscriber s : listeners) {
            try {
                event.accept(s.listener);
            } catch (RuntimeException e) {
                log.warn("event=lighter_listener_failed error=\"{}\"", e.toString());
            }
        }
    }

    /** Feed thread only: each listener hears each change of connection state once. */
    private void tellConnection(Subscriber s, boolean connected) {
        if (s.told != null && s.told == connected) {
            return;
        }
        s.told = connected;
        try {
            s.listener.onConnection(connected);
        } catch (RuntimeException e) {
            log.warn("event=lighter_listener_failed error=\"{}\"", e.toString());
        }
    }

    /** Feed thread only: a trade goes out once, in trade id order, whether it came live or by gap-fill. */
    private void deliver(Fill f) {
        if (f == null || f.cursor() <= deliveredTradeId) {
            return;
        }
        deliveredTradeId = f.cursor();
        emit(l -> l.onFill(f));
    }

    private static final class Subscriber {
        final VenueListener listener;
        Boolean told;

        Subscriber(VenueListener listener) {
            this.listener = listener;
        }
    }

    private final class StreamHandler implements WsStream.Handler {
        @Override
        public void onMessage(JsonNode msg) {
            String type = msg.path("type").asText();
            if (type.endsWith("/order_book")) {
                Market m = byId(Integer.parseInt(msg.path("channel").asText("order_book:-1").split(":")[1]));
                JsonNode book = msg.path("order_book");
                BigDecimal ask = decimal(book.path("asks").path(0), "price");
                BigDecimal bid = decimal(book.path("bids").path(0), "price");
                BigDecimal mark = ask.signum() > 0 && bid.signum() > 0
                        ? plain(ask.add(bid).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64))
                        : plain(ask.max(bid));
                long time = msg.path("timestamp").asLong(clock.millis());
                if (m != null && mark.signum() > 0) {
                    emit(l -> l.onMark(m.symbol(), mark, time));
                }
            } else if (type.endsWith("/account_all")) {
                for (JsonNode list : msg.path("orders")) {
                    for (JsonNode o : list) {
                        Order order = order(o, null);
                        emit(l -> l.onOrder(order));
                    }
                }
                List<Fill> fills = new ArrayList<>();
                for (JsonNode list : msg.path("trades")) {
                    for (JsonNode t : list) {
                        fills.add(fill(t));
                    }
                }
                fills.stream().filter(f -> f != null).sorted((a, b) -> Long.compare(a.cursor(), b.cursor()))
                        .forEach(LighterVenue.this::deliver);
            } else if (msg.has("error")) {
                log.warn("event=lighter_ws_error error=\"{}\"", LighterRest.shorten(msg.path("error").toString()));
            }
        }

        @Override
        public void onUp() {
            // Whatever traded while we were away, once: trades above the last one delivered.
            for (Fill f : fillsSince(Math.max(0, deliveredTradeId))) {
                deliver(f);
            }
            for (Subscriber s : listeners) {
                tellConnection(s, true);
            }
        }

        @Override
        public void onDown(String reason) {
            for (Subscriber s : listeners) {
                tellConnection(s, false);
            }
        }
    }
}
