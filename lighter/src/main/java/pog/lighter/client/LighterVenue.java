package pog.lighter.client;

import pog.venue.net.Backoff;
import pog.venue.net.OutcomeUnknownException;
import pog.venue.net.RateLimiter;
import pog.venue.net.ReconnectingSocket;
import pog.venue.net.StreamedVenue;
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
import pog.venue.Funding;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Placement;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.TopOfBook;
import pog.venue.Trade;
import pog.venue.Venue;
import pog.venue.VenueException;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One Lighter account as a {@link Venue}: REST under {@code /api/v1} for state and signed transactions, the
 * WebSocket {@code /stream} ({@code order_book/{market}}, {@code account_all/{account}}) for marks, orders and trades,
 * and for {@link #subscribeMarket} also {@code trade/{market}} and {@code market_stats/{market}} (see
 * {@link MarketFeeds}). Symbols are Lighter's market symbols ("ETH", "BTC").
 *
 * <p>Placing is idempotent on the client id: the client order index is derived from it
 * ({@link ClientOrderIndexes}), the venue's active and recent inactive orders are searched for that index before
 * anything is sent, and after a send whose answer never came. Wire mapping: MARKET is a market order (IOC) whose
 * price is the mark +/- {@code marketSlippage}; LIMIT_GTC/IOC/POST_ONLY are limit orders with good-till-time (28 days),
 * immediate-or-cancel, post-only; STOP_MARKET and TAKE_PROFIT_MARKET are reduce-only STOP_LOSS / TAKE_PROFIT orders
 * resting on the venue with a worst price 10% beyond the trigger. Sizes must be multiples of the lot; prices are
 * rounded to the tick only in the order's favour (stops round towards firing earlier).
 */
public final class LighterVenue extends StreamedVenue<Market, Long> {
    private static final Logger log = LoggerFactory.getLogger(LighterVenue.class);
    private static final long TX_EXPIRY_MS = 10L * 60_000;
    private static final int PAGE = 100;

    private final LighterSettings settings;
    private final TxSigner signer;
    private final Clock clock;
    private final LighterRest rest;
    private final ClientOrderIndexes ids;
    private final Nonces nonces;
    private final Map<String, Market> bySymbol = new LinkedHashMap<>();
    private final Map<Integer, Market> byId = new LinkedHashMap<>();
    private volatile long deliveredTradeId = -1;
    private String authToken;
    private final Object sendLock = new Object();
    private long authDeadline;
    /** Who hears the market feeds, and for which symbols. */
    private final List<MarketSubscriber> marketListeners = new CopyOnWriteArrayList<>();
    /** How many market subscribers want each market's trade and market_stats channels (guarded by itself). */
    private final Map<Integer, Integer> marketChannels = new HashMap<>();
    // stream thread only: the books, the last top and funding told, the newest public trade id seen, per market
    private final Map<Integer, MarketFeeds.Book> books = new HashMap<>();
    private final Map<Integer, TopOfBook> tops = new HashMap<>();
    private final Map<Integer, Funding> fundings = new HashMap<>();
    private final Map<Integer, Long> newestPublicTrade = new HashMap<>();

    private LighterVenue(LighterSettings settings, PrivateKey key, Clock clock) {
        this(settings, key, clock, new ClientOrderIndexes(settings.accountIndex(),
                settings.stateDir().resolve("lighter-client-ids-" + settings.accountIndex())));
    }

    private LighterVenue(LighterSettings settings, PrivateKey key, Clock clock, ClientOrderIndexes ids) {
        super("lighter", "lighter", "client order index", ids, clock, settings.transport().maxRetries());
        this.ids = ids;
        this.settings = settings;
        this.signer = new TxSigner(key, settings.chainId(), settings.accountIndex(), settings.apiKeyIndex());
        this.clock = clock;
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.transport().connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.rest = new LighterRest(http, settings.baseUrl(), settings.transport().requestTimeout(),
                Backoff.forRetries(), settings.transport().maxRetries(),
                new RateLimiter(settings.requestsPerMinute(), clock, Sleeper.REAL));
        String tag = settings.accountIndex() + "-" + settings.apiKeyIndex();
        this.nonces = new Nonces(settings.stateDir().resolve("lighter-nonce-" + tag), this::venueNextNonce);
        // The stream's dialect needs no socket of its own; the venue's is the one it speaks through.
        useSocket(new ReconnectingSocket(http, URI.create(settings.wsUrl()), settings.transport(),
                new LighterStream(() -> marketList().stream().map(Market::id).toList(), settings.accountIndex(),
                        this::auth), new StreamHandler(), clock, Backoff.JITTER));
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
            KeyRegistration.checkOnOpen(venue.rest, settings, key);
            venue.loadMarkets();
            venue.deliveredTradeId = venue.newestTradeId();
        } catch (RuntimeException e) {
            venue.close();
            throw e;
        }
        venue.socket().start();
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
        return LighterAdapters.account(accountJson(), clock.millis());
    }

    @Override
    public List<Position> positions() {
        return LighterAdapters.positions(accountJson(), this::byId, clock.millis());
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
    protected Order sendOrder(OrderRequest request, Placement.Start<Market, Long> start) {
        Market m = start.market();
        long coi = start.id(0);
        CreateOrder body;
        try {
            body = createOrder(request, m, coi);
        } catch (IllegalArgumentException e) {
            return rejected(request, e.getMessage());
        }
        // Resending the same client order index cannot make a second order: the venue keeps the first. An unanswered
        // send may have used its nonce, so the nonce is read back from the venue before the next.
        return placement().untilAnswered(request, start,
                Placement.Attempt.of(attempt -> sendOnce(request, m, coi, body), rest::pause, nonces::resync));
    }

    /** One send of an order: a refused nonce is taken again at once; the order as the venue then has it. */
    private Order sendOnce(OrderRequest request, Market m, long coi, CreateOrder body) {
        for (int refusals = 0; ; refusals++) {
            try {
                send(body);
                break;
            } catch (RefusedException e) {
                if (e.code() == RefusedException.INVALID_NONCE && refusals < settings.transport().maxRetries()) {
                    nonces.refused();
                    continue;
                }
                log.warn("event=lighter_order_rejected client_id={} coi={} reason=\"{}\"", request.clientId(),
                        coi, e.getMessage());
                return rejected(request, e.getMessage());
            }
        }
        Order placed = lookup(m, coi, request);
        if (placed == null) {
            // Accepted but not yet executed (the real sequencer is asynchronous): it is on its way.
            placed = order(request, null, BigDecimal.ZERO, OrderStatus.OPEN, null);
        }
        log.info("event=lighter_order_placed client_id={} coi={} order_index={} symbol={} side={} type={}"
                        + " size={} status={}", request.clientId(), coi, placed.orderId(), request.symbol(),
                request.side(), request.type(), request.size().toPlainString(), placed.status());
        return placed;
    }

    /**
     * The entry and its stop as ONE {@code CreateGroupedOrders} transaction, one-triggers-the-other: the stop
     * (BaseAmount 0) is attached to the entry and activated by its fill, sized to what it filled. A venue that
     * refuses the group gets the two-step path, and the answer carries its words as the reason.
     */
    @Override
    protected ProtectedEntry sendWithStop(OrderRequest entry, OrderRequest stop, Market m, Long entryCoi,
                                          Long stopCoi) {
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
                if (e.code() == RefusedException.ORDER_NOT_FOUND) {
                    return false;
                }
                if (e.code() == RefusedException.INVALID_NONCE && attempt < settings.transport().maxRetries()) {
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
                if (attempt >= settings.transport().maxRetries()) {
                    throw VenueException.unavailable("cancel " + clientId + " got no answer; the order is still open", e);
                }
                rest.pause(attempt);
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

    /**
     * One whole-account read is {@code orderBookDetails}, the account twice (account and positions), {@code
     * accountActiveOrders} per market and the trades page: at most half of the {@code requestsPerMinute} budget.
     */
    @Override
    public long readIntervalMillis() {
        int requests = 4 + marketList().size();
        return (long) Math.ceil(requests * 60_000.0 / (settings.requestsPerMinute() / 2.0));
    }

    @Override
    public Map<String, BigDecimal> marks() {
        return LighterAdapters.marks(rest.get("orderBookDetails", Map.of(), null).path("order_book_details"),
                this::byId);
    }

    /**
     * Top of book (from the {@code order_book} channel the stream always has, kept as a book from its snapshot and
     * deltas), public trades ({@code trade/{market}}) and funding ({@code market_stats/{market}}) of these symbols.
     * The channels are subscribed once per market however many listeners want them, and renewed on every reconnect;
     * trades missed while disconnected come from the channel's snapshot of recent trades, each once. A new listener
     * is told the current top and funding at once when they are known. Symbols the venue does not list are ignored.
     */
    @Override
    public AutoCloseable subscribeMarket(List<String> symbols, VenueListener listener) {
        List<Market> markets = new ArrayList<>();
        for (String symbol : symbols) {
            Market m = market(symbol);
            if (m != null) {
                markets.add(m);
            }
        }
        MarketSubscriber sub = new MarketSubscriber(Set.copyOf(markets.stream().map(Market::symbol).toList()), listener);
        marketListeners.add(sub);
        synchronized (marketChannels) {
            for (Market m : markets) {
                if (marketChannels.merge(m.id(), 1, Integer::sum) == 1) {
                    socket().add(channel("subscribe", "trade/" + m.id()));
                    socket().add(channel("subscribe", "market_stats/" + m.id()));
                }
            }
        }
        socket().onThread(() -> {
            for (Market m : markets) {
                TopOfBook top = tops.get(m.id());
                Funding f = fundings.get(m.id());
                if (top != null) {
                    safely(() -> listener.onTopOfBook(top));
                }
                if (f != null) {
                    safely(() -> listener.onFunding(f));
                }
            }
        });
        return () -> {
            if (!marketListeners.remove(sub)) {
                return;
            }
            synchronized (marketChannels) {
                for (Market m : markets) {
                    if (marketChannels.merge(m.id(), -1, Integer::sum) == 0) {
                        marketChannels.remove(m.id());
                        socket().remove(channel("subscribe", "trade/" + m.id()), channel("unsubscribe", "trade/" + m.id()));
                        socket().remove(channel("subscribe", "market_stats/" + m.id()),
                                channel("unsubscribe", "market_stats/" + m.id()));
                    }
                }
            }
        };
    }

    private static String channel(String type, String name) {
        return "{\"type\":\"" + type + "\",\"channel\":\"" + name + "\"}";
    }

    /** A market listener and the symbols it asked for. */
    private record MarketSubscriber(Set<String> symbols, VenueListener listener) {
    }

    /** Stream thread: one market event to every listener of that symbol; a listener that throws is logged. */
    private void emitMarket(String symbol, Consumer<VenueListener> event) {
        for (MarketSubscriber s : marketListeners) {
            if (s.symbols().contains(symbol)) {
                safely(() -> event.accept(s.listener()));
            }
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("event=listener_failed venue=lighter error=\"{}\"", e.toString());
        }
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
        BigDecimal mark = r.type() == OrderType.MARKET ? marks().get(r.symbol()) : null;
        return LighterAdapters.createOrder(r, m, coi, mark, settings.marketSlippage(), clock.millis());
    }

    private long venueNextNonce() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("account_index", accountId());
        q.put("api_key_index", Integer.toString(settings.apiKeyIndex()));
        return rest.get("nextNonce", q, null).path("nonce").asLong();
    }

    // ---------------------------------------------------------------- reads

    private void loadMarkets() {
        JsonNode details = rest.get("orderBookDetails", Map.of(), null).path("order_book_details");
        if (!details.isArray() || details.isEmpty()) {
            throw VenueException.unavailable("lighter orderBookDetails has no markets", null);
        }
        synchronized (bySymbol) {
            for (JsonNode d : details) {
                Market m = LighterAdapters.market(d);
                bySymbol.put(m.symbol(), m);
                byId.put(m.id(), m);
            }
        }
    }

    @Override
    protected Market market(String symbol) {
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
    @Override
    protected Order lookup(Market m, Long coi, OrderRequest request) {
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

    /** An order as the model has it, with our client id (from the venue's client order index when not given). */
    private Order order(JsonNode o, String clientId) {
        return LighterAdapters.order(o, byId(o.path("market_index").asInt()),
                clientId != null ? clientId : ids.clientIdOf(o.path("client_order_index").asLong()));
    }

    private Fill fill(JsonNode t) {
        return LighterAdapters.fill(t, byId(t.path("market_id").asInt()), settings.accountIndex(), ids::clientIdOf);
    }

    private Order order(OrderRequest r, String orderId, BigDecimal filled, OrderStatus status, String reason) {
        return Order.of(r, orderId, filled, status, reason, clock.millis());
    }

    private Order rejected(OrderRequest r, String reason) {
        return Order.rejected(r, reason, clock.millis());
    }

    // ---------------------------------------------------------------- stream

    /** Feed thread only: a trade goes out once, in trade id order, whether it came live or by gap-fill. */
    private void deliver(Fill f) {
        if (f == null || f.cursor() <= deliveredTradeId) {
            return;
        }
        deliveredTradeId = f.cursor();
        listeners().emit(l -> l.onFill(f));
    }

    private final class StreamHandler implements ReconnectingSocket.Handler {
        @Override
        public void onMessage(JsonNode msg) {
            String type = msg.path("type").asText();
            if (type.endsWith("/order_book")) {
                Market m = marketOf(msg);
                if (m != null) {
                    onBook(m, msg, type.startsWith("subscribed/"));
                }
            } else if (type.endsWith("/trade")) {
                Market m = marketOf(msg);
                if (m != null) {
                    onPublicTrades(m, msg, type.startsWith("subscribed/"));
                }
            } else if (type.endsWith("/market_stats")) {
                Market m = marketOf(msg);
                if (m != null) {
                    Funding f = MarketFeeds.funding(msg.path("market_stats"), m.symbol(),
                            msg.path("timestamp").asLong(clock.millis()));
                    Funding last = fundings.get(m.id());
                    if (f != null && (last == null || last.rate().compareTo(f.rate()) != 0
                            || last.nextTime() != f.nextTime())) {
                        fundings.put(m.id(), f);
                        emitMarket(m.symbol(), l -> l.onFunding(f));
                    }
                }
            } else if (type.endsWith("/account_all")) {
                for (JsonNode list : msg.path("orders")) {
                    for (JsonNode o : list) {
                        Order order = order(o, null);
                        listeners().emit(l -> l.onOrder(order));
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
            listeners().connection(true);
        }

        @Override
        public void onDown(String reason) {
            // a new connection starts each book again from its snapshot; deltas of the old one are gone
            books.clear();
            listeners().connection(false);
        }

        /** The market a channel {@code name:{market}} names, or null. */
        private Market marketOf(JsonNode msg) {
            String channel = msg.path("channel").asText("");
            int colon = channel.indexOf(':');
            try {
                return colon < 0 ? null : byId(Integer.parseInt(channel.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** The mark is the book's mid; the top goes to market listeners when a price or size at it changed. */
        private void onBook(Market m, JsonNode msg, boolean snapshot) {
            MarketFeeds.Book book = books.computeIfAbsent(m.id(), k -> new MarketFeeds.Book());
            if (!snapshot && !book.known()) {
                return; // deltas of a book whose snapshot this connection has not seen
            }
            book.apply(msg.path("order_book"), snapshot);
            long time = msg.path("timestamp").asLong(clock.millis());
            BigDecimal mark = book.mid();
            if (mark != null && mark.signum() > 0) {
                listeners().emit(l -> l.onMark(m.symbol(), mark, time));
            }
            TopOfBook top = book.top(m.symbol(), time);
            TopOfBook last = tops.get(m.id());
            if (last == null || !sameLevels(last, top)) {
                tops.put(m.id(), top);
                emitMarket(m.symbol(), l -> l.onTopOfBook(top));
            }
        }

        /**
         * The first snapshot of a market's trades is history from before anyone listened: it only sets where the
         * tape starts. Later ones (after a reconnect) hold what traded while away: those above the newest seen go out.
         */
        private void onPublicTrades(Market m, JsonNode msg, boolean snapshot) {
            Long seen = newestPublicTrade.get(m.id());
            newestPublicTrade.put(m.id(), MarketFeeds.newestTradeId(msg, seen == null ? 0 : seen));
            if (seen == null && snapshot) {
                return;
            }
            for (Trade t : MarketFeeds.trades(msg, m.symbol(), seen == null ? 0 : seen)) {
                emitMarket(m.symbol(), l -> l.onTrade(t));
            }
        }
    }

    private static boolean sameLevels(TopOfBook a, TopOfBook b) {
        return same(a.bid(), b.bid()) && same(a.bidSize(), b.bidSize()) && same(a.ask(), b.ask())
                && same(a.askSize(), b.askSize());
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
