package pog.hyperliquid.client;

import pog.venue.net.Backoff;
import pog.venue.net.OutcomeUnknownException;
import pog.venue.net.RateLimiter;
import pog.venue.net.ReconnectingSocket;
import pog.venue.net.StreamedVenue;
import pog.venue.net.RestCalls;
import pog.venue.net.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.NonceSource;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.signing.TradingAccount;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.CancelByCloidWire;
import pog.hyperliquid.wire.CancelWire;
import pog.hyperliquid.wire.Cloid;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.ModifyWire;
import pog.hyperliquid.wire.OrderWire;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Placement;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.Venue;
import pog.venue.VenueException;
import pog.venue.VenueListener;
import pog.venue.VenueListeners;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One Hyperliquid account as a {@link Venue}: REST for state and actions, one WebSocket for marks, order updates and
 * fills. Symbols are Hyperliquid's perp coin names ("BTC", "ETH").
 *
 * <p>Placing is idempotent on the client id: the cloid is derived from it ({@link Cloid#fromClientOrderId}), the
 * venue is asked for that cloid before anything is sent, and an order whose answer never came is looked up by cloid
 * before it is ever sent again. Order types: MARKET is an IOC limit at mid +/- {@code marketSlippage} (as the
 * SDK's {@code market_open}); LIMIT_GTC/IOC/POST_ONLY are Gtc/Ioc/Alo; STOP_MARKET and TAKE_PROFIT_MARKET are
 * reduce-only market triggers (sl/tp) with a limit 10% beyond the trigger, as Hyperliquid's own front end sends.
 * Prices are rounded to Hyperliquid's rules only when they break them, and then never to a worse price for the
 * order (stops round towards triggering earlier).
 */
public final class HyperliquidVenue extends StreamedVenue<Market, Cloid> {
    private static final Logger log = LoggerFactory.getLogger(HyperliquidVenue.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HyperliquidSettings settings;
    private final TradingAccount trading;
    private final L1Signer signer;
    private final NonceSource nonces;
    private final ClientIds ids;
    private final Clock clock;
    private final HyperliquidRest rest;
    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final List<MarketInfo> marketInfos = new ArrayList<>();
    private final HyperliquidOrders orders;
    private final HyperliquidFills fills;
    private final HyperliquidStream stream;

    HyperliquidVenue(HyperliquidSettings settings, TradingAccount trading, NonceSource nonces, ClientIds ids,
                     Clock clock, Sleeper sleeper) {
        super("hyperliquid", "hl", "cloid", ids, clock, settings.transport().maxRetries());
        this.settings = settings;
        this.trading = trading;
        this.signer = trading.l1Signer(Network.of(settings.testnet()));
        this.nonces = nonces;
        this.ids = ids;
        this.orders = new HyperliquidOrders(ids);
        this.clock = clock;
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(settings.transport().connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.rest = new HyperliquidRest(new RestCalls("hyperliquid", "hl", http,
                new RateLimiter(settings.weightPerMinute(), clock, sleeper),
                Backoff.forRetries(), sleeper,
                settings.transport().maxRetries()), settings.baseUrl(), settings.transport().requestTimeout());
        this.fills = new HyperliquidFills(rest, ids, trading.queryAddress().toString(), coin -> market(coin) != null,
                clock.millis());
        this.stream = new HyperliquidStream(http, URI.create(settings.wsUrl()), settings.transport(),
                trading.queryAddress().toString(), new FeedHandler(), clock);
        useSocket(stream.socket());
    }

    /**
     * Loads the key, reads {@code meta} (asset ids, size decimals) and the mids (reference prices for tick sizes),
     * and starts the WebSocket (it connects and reconnects in the background).
     *
     * @param env where {@code keyEnv} is looked up when there is no key file (normally {@code System.getenv()})
     * @throws pog.hyperliquid.signing.KeyLoadException naming the file or variable and what is wrong with it
     * @throws VenueException when the venue cannot be reached or answers nonsense
     */
    public static HyperliquidVenue open(HyperliquidSettings settings, Map<String, String> env, Clock clock) {
        return open(settings, env, clock, Sleeper.REAL);
    }

    static HyperliquidVenue open(HyperliquidSettings settings, Map<String, String> env, Clock clock,
                                 Sleeper sleeper) {
        PrivateKey key = settings.keyFile() != null ? PrivateKey.fromFile(settings.keyFile())
                : PrivateKey.fromEnv(settings.keyEnv(), env);
        Address account = settings.account() == null ? key.address() : address(settings.account(), "account");
        TradingAccount trading = new TradingAccount(account, key,
                settings.vaultAddress() == null ? null : address(settings.vaultAddress(), "vaultAddress"));
        Path nonceFile = settings.nonceFile() != null ? settings.nonceFile()
                : Path.of("var", "hl-nonce-" + key.address());
        NonceSource nonces = new NonceSource(nonceFile, clock);
        ClientIds ids = new ClientIds(nonceFile.resolveSibling("hl-client-ids-" + trading.queryAddress()));
        HyperliquidVenue venue = new HyperliquidVenue(settings, trading, nonces, ids, clock, sleeper);
        try {
            venue.loadMarkets();
        } catch (VenueException e) {
            venue.close();
            throw new VenueException("cannot open hyperliquid at " + settings.baseUrl() + ": " + e.getMessage(),
                    e.retryable(), e);
        } catch (RuntimeException e) {
            venue.close();
            throw e;
        }
        venue.socket().start();
        log.info("event=hl_venue_open url={} testnet={} account={} signer={} vault={} markets={}",
                settings.baseUrl(), settings.testnet(), account, key.address(),
                trading.vault() == null ? "-" : trading.vault(), venue.markets.size());
        return venue;
    }

    private static Address address(String text, String field) {
        try {
            return Address.of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyperliquid " + field + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- Venue

    @Override
    public String name() {
        return "hyperliquid";
    }

    /** The main account acted for (a vault's address when one is configured, as the venue reports it). */
    @Override
    public String accountId() {
        return trading.queryAddress().toString();
    }

    /** The address that signs (an agent's, for an API-wallet key). */
    public String signerAddress() {
        return signer.signerAddress().toString();
    }

    @Override
    public List<MarketInfo> markets() {
        synchronized (markets) {
            return List.copyOf(marketInfos);
        }
    }

    @Override
    public Account account() {
        return HyperliquidAdapters.account(clearinghouseState(), clock.millis());
    }

    @Override
    public List<Position> positions() {
        return HyperliquidAdapters.positions(clearinghouseState(), clock.millis());
    }

    @Override
    public List<Order> openOrders() {
        JsonNode answer = rest.info(userRequest("frontendOpenOrders").put("dex", ""));
        long now = clock.millis();
        List<Order> out = new ArrayList<>();
        answer.forEach(o -> out.add(orders.open(o, now)));
        return out;
    }

    @Override
    protected Order sendOrder(OrderRequest request, Placement.Start<Market, Cloid> start) {
        Cloid cloid = start.id(0);
        OrderWire wire;
        try {
            wire = wire(request, start.market(), cloid);
        } catch (IllegalArgumentException e) {
            return rejected(request, e.getMessage());
        }
        ObjectNode action = Actions.order(List.of(wire), Grouping.NA);
        return placement().untilAnswered(request, start, new Placement.Attempt() {
            /** When the unanswered request stops being executable (the order TTL); null: never. */
            private Long expiresAfter;

            @Override
            public Order send(int attempt) {
                expiresAfter = settings.orderTtl() == null ? null : clock.millis() + settings.orderTtl().toMillis();
                JsonNode answer = HyperliquidVenue.this.send(action, "order", 1, expiresAfter);
                try {
                    return placed(request, cloid, answer);
                } catch (VenueException e) {
                    if (!e.clientIdReused() || (attempt == 0 && !start.retry())) {
                        throw e;
                    }
                    // our own unanswered attempt got there after all: the venue's duplicate is that order
                    Order found = lookup(cloid, request);
                    if (found == null) {
                        throw e;
                    }
                    return found;
                }
            }

            @Override
            public void beforeResend(int attempt) {
                if (expiresAfter != null) {
                    // Once expired, the unanswered request can no longer be executed: not found then means never.
                    rest.sleepPast(expiresAfter, clock.millis());
                } else {
                    rest.pause(attempt);
                }
            }
        });
    }

    /**
     * The entry and its stop in ONE {@code order} action with {@code grouping: "normalTpsl"}: the stop a reduce-only
     * trigger child of the entry, as Hyperliquid's own front end sends it. The venue holds the child until the entry
     * fills and puts it on the book sized to the fill. A venue that refuses the grouped form gets the two-step path,
     * and the answer carries its words as the reason.
     */
    @Override
    protected ProtectedEntry sendWithStop(OrderRequest entry, OrderRequest stop, Market market, Cloid entryCloid,
                                          Cloid stopCloid) {
        ObjectNode action;
        try {
            action = Actions.order(List.of(wire(entry, market, entryCloid), wire(stop, market, stopCloid)),
                    Grouping.NORMAL_TPSL);
        } catch (IllegalArgumentException e) {
            return new ProtectedEntry(rejected(entry, e.getMessage()), null, null);
        }
        JsonNode answer = send(action, "order", 2, null);
        if (!"ok".equals(answer.path("status").asText())) {
            String reason = HyperliquidRest.shorten(answer.path("response").asText());
            log.warn("event=protected_entry_fallback venue=hyperliquid client_id={} reason=\"{}\"", entry.clientId(),
                    reason);
            return twoStep(entry, stop, "hyperliquid refused the normalTpsl group: " + reason);
        }
        Order placedEntry = placed(entry, entryCloid, answer, 0);
        JsonNode st = answer.path("response").path("data").path("statuses").path(1);
        if (st.has("error")) {
            log.warn("event=hl_stop_child_refused client_id={} reason=\"{}\"", stop.clientId(),
                    st.path("error").asText());
            Order refused = orders.remember(stopCloid, rejected(stop, st.path("error").asText()));
            return new ProtectedEntry(placedEntry, refused, null);
        }
        Order placedStop = placedEntry.filledSize().signum() > 0 ? lookup(stopCloid, stop) : null;
        return new ProtectedEntry(placedEntry, placedStop, null);
    }

    @Override
    public boolean cancel(String symbol, String clientId) {
        if (clientId == null) {
            throw VenueException.rejected("cannot cancel an order without a client id (placed without a cloid)");
        }
        Market market = market(symbol);
        if (market == null) {
            throw VenueException.rejected("unknown symbol " + symbol);
        }
        Cloid cloid = ClientIds.cloidOf(clientId);
        ObjectNode action = Actions.cancelByCloid(List.of(new CancelByCloidWire(market.asset(), cloid)));
        for (int attempt = 0; ; attempt++) {
            try {
                JsonNode answer = send(action, "cancelByCloid", 1);
                if (!"ok".equals(answer.path("status").asText())) {
                    throw VenueException.rejected("cancel " + clientId + " refused: "
                            + HyperliquidRest.shorten(answer.path("response").asText()));
                }
                JsonNode st = answer.path("response").path("data").path("statuses").path(0);
                boolean cancelled = "success".equals(st.asText());
                log.info("event=hl_cancel client_id={} cloid={} cancelled={}{}", clientId, cloid, cancelled,
                        cancelled ? "" : " reason=\"" + st.path("error").asText() + "\"");
                return cancelled;
            } catch (OutcomeUnknownException e) {
                Order o = lookup(cloid, null);
                if (o == null || !o.isOpen()) {
                    return o != null && o.status() == OrderStatus.CANCELLED;
                }
                if (attempt >= settings.transport().maxRetries()) {
                    throw VenueException.unavailable("cancel " + clientId + " got no answer and the order is still open",
                            e);
                }
                rest.pause(attempt);
            }
        }
    }

    /** Marks, orders and fills as they happen, and the stream's ups and downs (see {@link VenueListeners}). */
    /**
     * Top of book ({@code bbo}), public trades ({@code trades}) and funding ({@code activeAssetCtx}) of each symbol,
     * through {@link #subscribeChannel} (renewed on every reconnect; what is missed while disconnected is not replayed).
     */
    @Override
    public AutoCloseable subscribeMarket(List<String> symbols, VenueListener listener) {
        List<AutoCloseable> handles = new ArrayList<>();
        for (String coin : symbols) {
            ObjectNode bbo = JsonNodeFactory.instance.objectNode().put("type", "bbo").put("coin", coin);
            handles.add(subscribeChannel(bbo, msg -> listener.onTopOfBook(MarketFeeds.bbo(msg.path("data"), clock.millis()))));
            ObjectNode trades = JsonNodeFactory.instance.objectNode().put("type", "trades").put("coin", coin);
            handles.add(subscribeChannel(trades, msg -> MarketFeeds.trades(msg.path("data")).forEach(listener::onTrade)));
            ObjectNode ctx = JsonNodeFactory.instance.objectNode().put("type", "activeAssetCtx").put("coin", coin);
            handles.add(subscribeChannel(ctx, msg -> {
                pog.venue.Funding f = MarketFeeds.funding(msg.path("data"), clock.millis());
                if (f != null) {
                    listener.onFunding(f);
                }
            }));
        }
        return () -> {
            for (AutoCloseable h : handles) {
                h.close();
            }
        };
    }

    /**
     * Fills after {@code cursor}, oldest first. Cursors are {@code time_ms * 1000 + rank within the millisecond by
     * tid} (see {@link FillCursors}).
     */
    @Override
    public List<Fill> fillsSince(long cursor) {
        return fills.since(cursor);
    }

    /**
     * The weight of one whole-account read: {@code allMids} (2), {@code clearinghouseState} twice (account and
     * positions, 2 each), {@code frontendOpenOrders} (20), {@code userFillsByTime} (20, plus 1 per 20 fills).
     */
    static final int READ_WEIGHT = 46;

    /** Half of the IP budget for periodic reads: 46 weight every 4.6 s at Hyperliquid's 1,200 a minute. */
    @Override
    public long readIntervalMillis() {
        return (long) Math.ceil(READ_WEIGHT * 60_000.0 / (settings.weightPerMinute() / 2.0));
    }

    /** What is left of this client's request budget now (tests). */
    double budgetLeft() {
        return rest.budgetLeft();
    }

    @Override
    public Map<String, BigDecimal> marks() {
        return perpMids(rest.info(request("allMids").put("dex", "")));
    }

    // ---------------------------------------------------------------- beyond Venue

    /**
     * Any {@code /info} request, charged its documented weight and retried like the others (e.g.
     * {@code {"type":"userFills","user":..}}, {@code {"type":"openOrders","user":..}}).
     */
    public JsonNode info(ObjectNode request) {
        return rest.info(request);
    }

    /** {@code spotMeta}: spot tokens and pairs. */
    public JsonNode spotMeta() {
        return rest.info(request("spotMeta"));
    }

    /** {@code l2Book}: {@code {coin, time, levels: [[bids], [asks]]}}, each level {@code {px, sz, n}}. */
    public JsonNode l2Book(String coin) {
        return rest.info(request("l2Book").put("coin", coin));
    }

    /** {@code candleSnapshot} of {@code coin} for {@code interval} ("1m", "15m", "1h", ...) between two times. */
    public JsonNode candleSnapshot(String coin, String interval, long startTime, long endTime) {
        ObjectNode req = request("candleSnapshot");
        req.putObject("req").put("coin", coin).put("interval", interval).put("startTime", startTime)
                .put("endTime", endTime);
        return rest.info(req);
    }

    /** Cancels by the venue's order id ({@code cancel}); false when the venue had no such open order. */
    public boolean cancelByOid(String symbol, long oid) {
        Market market = market(symbol);
        if (market == null) {
            throw VenueException.rejected("unknown symbol " + symbol);
        }
        JsonNode answer = send(Actions.cancel(List.of(new CancelWire(market.asset(), oid))), "cancel", 1);
        requireOk(answer, "cancel " + oid);
        boolean cancelled = "success".equals(answer.path("response").path("data").path("statuses").path(0).asText());
        log.info("event=hl_cancel oid={} cancelled={}", oid, cancelled);
        return cancelled;
    }

    /**
     * Replaces the open order of {@code clientId} ({@code batchModify} by cloid) with {@code replacement}, which
     * carries its own client id (the same one keeps the cloid). The answer is the replacement as the venue has it;
     * an order the venue no longer has comes back REJECTED with the venue's reason.
     */
    public Order modify(String clientId, OrderRequest replacement) {
        Market market = market(replacement.symbol());
        if (market == null) {
            return rejected(replacement, "unknown symbol " + replacement.symbol());
        }
        Cloid cloid = ids.register(replacement.clientId());
        OrderWire wire;
        try {
            wire = wire(replacement, market, cloid);
        } catch (IllegalArgumentException e) {
            return rejected(replacement, e.getMessage());
        }
        ObjectNode action = Actions.batchModify(List.of(ModifyWire.byCloid(ClientIds.cloidOf(clientId), wire)));
        return placed(replacement, cloid, send(action, "batchModify", 1));
    }

    /** {@code updateLeverage} for one perp (cross or isolated margin). */
    public void updateLeverage(String symbol, int leverage, boolean cross) {
        Market market = market(symbol);
        if (market == null) {
            throw VenueException.rejected("unknown symbol " + symbol);
        }
        requireOk(send(Actions.updateLeverage(market.asset(), cross, leverage), "updateLeverage", 1),
                "updateLeverage " + symbol);
        log.info("event=hl_leverage symbol={} leverage={} cross={}", symbol, leverage, cross);
    }

    /**
     * The dead man's switch: cancel every open order at {@code time} (epoch ms, at least 5 s ahead); null clears it.
     */
    public void scheduleCancel(Long time) {
        requireOk(send(Actions.scheduleCancel(time), "scheduleCancel", 1), "scheduleCancel");
        log.info("event=hl_schedule_cancel time={}", time == null ? "cleared" : time);
    }

    /**
     * Any other WebSocket subscription ({@code {"type":"l2Book","coin":"BTC"}}, {@code trades}, {@code userEvents},
     * {@code candle}, ...): every message of it goes to {@code handler} (on the feed's thread; be quick) until the
     * returned handle is closed. It is renewed on every reconnect. Messages missed while disconnected are not
     * replayed: these are market data; fills and orders have their gap-fill through the {@link Venue} calls.
     */
    public AutoCloseable subscribeChannel(ObjectNode subscription, Consumer<JsonNode> handler) {
        return stream.subscribeChannel(subscription, handler);
    }

    // ---------------------------------------------------------------- internals

    private void loadMarkets() {
        JsonNode meta = rest.info(request("meta").put("dex", ""));
        JsonNode universe = meta.path("universe");
        if (!universe.isArray() || universe.isEmpty()) {
            throw VenueException.unavailable("hyperliquid meta has no universe: "
                    + HyperliquidRest.shorten(HyperliquidRest.write(meta)), null);
        }
        List<String> names = new ArrayList<>();
        universe.forEach(u -> names.add(u.path("name").asText()));
        Map<String, BigDecimal> mids = HyperliquidAdapters.mids(rest.info(request("allMids").put("dex", "")), names);
        synchronized (markets) {
            for (int asset = 0; asset < universe.size(); asset++) {
                JsonNode u = universe.get(asset);
                Market m = new Market(u.path("name").asText(), asset, u.path("szDecimals").asInt(),
                        u.path("maxLeverage").asInt(1));
                markets.put(m.name(), m);
                if (!u.path("isDelisted").asBoolean(false)) {
                    marketInfos.add(m.info(mids.get(m.name())));
                }
            }
        }
    }

    @Override
    protected Market market(String symbol) {
        synchronized (markets) {
            return markets.get(symbol);
        }
    }

    /** Hyperliquid's order for {@code r} (a MARKET order is priced off the current mid). */
    private OrderWire wire(OrderRequest r, Market m, Cloid cloid) {
        BigDecimal mid = r.type() == OrderType.MARKET ? marks().get(r.symbol()) : null;
        return HyperliquidAdapters.orderWire(r, m, cloid, mid, settings.marketSlippage());
    }

    /** Signs {@code action} with a fresh nonce and posts it. */
    private JsonNode send(ObjectNode action, String type, int batchLength) {
        return send(action, type, batchLength, null);
    }

    private JsonNode send(ObjectNode action, String type, int batchLength, Long expiresAfter) {
        L1Action signed = new L1Action(action, nonces.next(), trading.vault(), expiresAfter);
        return rest.exchange(signed.requestBody(signer.sign(signed)), type, batchLength);
    }

    private Order placed(OrderRequest r, Cloid cloid, JsonNode answer) {
        return placed(r, cloid, answer, 0);
    }

    private Order placed(OrderRequest r, Cloid cloid, JsonNode answer, int index) {
        long now = clock.millis();
        if (!"ok".equals(answer.path("status").asText())) {
            return orders.remember(cloid, rejected(r, HyperliquidRest.shorten(answer.path("response").asText())));
        }
        JsonNode st = answer.path("response").path("data").path("statuses").path(index);
        if (st.path("error").asText("").startsWith(DUPLICATE_CLOID)) {
            throw reused(r, cloid, "hyperliquid refused it: " + st.path("error").asText());
        }
        Order order = HyperliquidAdapters.placement(r, st, now);
        if (order == null) {
            // Accepted without an oid in the answer ("waitingForTrigger"): the venue has it.
            Order found = lookup(cloid, r);
            order = found != null ? found : Order.of(r, null, BigDecimal.ZERO, OrderStatus.OPEN, null, now);
        } else if (order.orderId() != null) {
            ids.linkOid(cloid.toString(), Long.parseLong(order.orderId()));
        }
        if (order.status() == OrderStatus.REJECTED) {
            log.warn("event=hl_order_rejected client_id={} cloid={} symbol={} reason=\"{}\"", r.clientId(), cloid,
                    r.symbol(), order.rejectReason());
        } else {
            log.info("event=hl_order_placed client_id={} cloid={} oid={} symbol={} side={} type={} size={} status={}",
                    r.clientId(), cloid, order.orderId(), r.symbol(), r.side(), r.type(), r.size().toPlainString(),
                    order.status());
        }
        return orders.remember(cloid, order);
    }

    /** Hyperliquid's words for a cloid the account already used. */
    private static final String DUPLICATE_CLOID = "Duplicate cloid";

    private static VenueException reused(OrderRequest r, Cloid cloid, String why) {
        log.error("event=client_id_reused venue=hyperliquid client_id={} cloid={} reason=\"{}\"", r.clientId(), cloid,
                why);
        return VenueException.clientIdReused("client id " + r.clientId() + " (cloid " + cloid + ") was already used"
                + " on this account; nothing was placed: " + why);
    }

    private Order rejected(OrderRequest r, String reason) {
        return Order.rejected(r, reason, clock.millis());
    }

    /** {@code orderStatus} by cloid: the order as the venue has it, or null when it has never seen it. */
    @Override
    protected Order lookup(Market market, Cloid cloid, OrderRequest request) {
        return lookup(cloid, request);
    }

    private Order lookup(Cloid cloid, OrderRequest request) {
        ObjectNode req = userRequest("orderStatus");
        req.put("oid", cloid.toString());
        return orders.status(cloid, rest.info(req), request, clock.millis());
    }

    private JsonNode clearinghouseState() {
        return rest.info(userRequest("clearinghouseState").put("dex", ""));
    }

    private Map<String, BigDecimal> perpMids(JsonNode mids) {
        List<String> perps;
        synchronized (markets) {
            perps = List.copyOf(markets.keySet());
        }
        return HyperliquidAdapters.mids(mids, perps);
    }

    private ObjectNode request(String type) {
        ObjectNode req = F.objectNode();
        req.put("type", type);
        return req;
    }

    private ObjectNode userRequest(String type) {
        return request(type).put("user", trading.queryAddress().toString());
    }

    private static void requireOk(JsonNode answer, String what) {
        if (!"ok".equals(answer.path("status").asText())) {
            throw VenueException.rejected(what + " refused: " + HyperliquidRest.shorten(answer.path("response").asText()));
        }
    }

    private void emitFill(Fill fill) {
        listeners().emit(l -> l.onFill(fill));
    }

    /** The WebSocket's messages, on the feed's thread. */
    private final class FeedHandler implements ReconnectingSocket.Handler {
        @Override
        public void onMessage(JsonNode msg) {
            builtIn(msg);
            stream.route(msg);
        }

        private void builtIn(JsonNode msg) {
            JsonNode data = msg.path("data");
            switch (msg.path("channel").asText()) {
                case "allMids" -> {
                    long now = clock.millis();
                    perpMids(data.path("mids")).forEach((symbol, mid) -> listeners().emit(l -> l.onMark(symbol, mid, now)));
                }
                case "orderUpdates" -> {
                    for (JsonNode u : data) {
                        Order order = orders.update(u, clock.millis());
                        listeners().emit(l -> l.onOrder(order));
                    }
                }
                case "userFills" -> {
                    List<JsonNode> pushed = new ArrayList<>();
                    data.path("fills").forEach(pushed::add);
                    if (data.path("isSnapshot").asBoolean(false)) {
                        // mostly history, but it also holds what filled between the gap-fill and the subscription
                        fills.snapshot(pushed, HyperliquidVenue.this::emitFill);
                    } else {
                        fills.deliver(pushed, HyperliquidVenue.this::emitFill);
                    }
                }
                case "error" -> log.warn("event=hl_ws_error message=\"{}\"", HyperliquidRest.shorten(data.asText()));
                default -> {
                    // subscriptionResponse and channels we did not ask for
                }
            }
        }

        @Override
        public void onUp() {
            // Whatever filled while we were away (or before the first connection) arrives now, once.
            fills.gapFill(HyperliquidVenue.this::emitFill);
            listeners().connection(true);
        }

        @Override
        public void onDown(String reason) {
            listeners().connection(false);
        }
    }
}
