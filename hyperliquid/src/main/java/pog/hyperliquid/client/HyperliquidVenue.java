package pog.hyperliquid.client;

import pog.venue.net.Backoff;
import pog.venue.net.RateLimiter;
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
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;
import pog.hyperliquid.wire.Tpsl;
import pog.hyperliquid.wire.WireFormat;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
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
public final class HyperliquidVenue implements Venue {
    private static final Logger log = LoggerFactory.getLogger(HyperliquidVenue.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigDecimal TRIGGER_SLIPPAGE = new BigDecimal("0.10");
    private static final int FILLS_PAGE = 2000;
    private static final int MAX_FILL_PAGES = 10;
    private static final int MAX_OID_LOOKUPS = 20;

    private final HyperliquidSettings settings;
    private final TradingAccount trading;
    private final L1Signer signer;
    private final NonceSource nonces;
    private final ClientIds ids;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff retryBackoff;
    private final HttpClient http;
    private final RestClient rest;
    private final ScheduledExecutorService executor;
    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final List<MarketInfo> marketInfos = new ArrayList<>();
    private final Map<String, Order> known = new ConcurrentHashMap<>();
    private final List<Subscriber> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Consumer<JsonNode>>> channelHandlers = new ConcurrentHashMap<>();
    private final Set<String> builtInChannels = new HashSet<>();
    private final FillCursors stream;
    private WsFeed feed;

    HyperliquidVenue(HyperliquidSettings settings, TradingAccount trading, NonceSource nonces, ClientIds ids,
                     Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.trading = trading;
        this.signer = trading.l1Signer(Network.of(settings.testnet()));
        this.nonces = nonces;
        this.ids = ids;
        this.clock = clock;
        this.sleeper = sleeper;
        this.retryBackoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5),
                () -> ThreadLocalRandom.current().nextDouble());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.rest = new RestClient(http, settings.baseUrl(), settings.requestTimeout(),
                new RateLimiter(settings.weightPerMinute(), clock, sleeper), retryBackoff, sleeper,
                settings.maxRetries());
        ScheduledThreadPoolExecutor feedThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hyperliquid-ws");
            t.setDaemon(true);
            return t;
        });
        // close() must not leave a reconnect or a pong check waiting to run on a venue that is gone.
        feedThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = feedThread;
        this.stream = new FillCursors(clock.millis());
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
        venue.startFeed();
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
        JsonNode state = clearinghouseState();
        JsonNode summary = state.path("marginSummary");
        BigDecimal equity = decimalOrZero(summary, "accountValue");
        BigDecimal used = decimalOrZero(summary, "totalMarginUsed");
        return new Account(equity, used, equity.subtract(used), state.path("time").asLong(clock.millis()));
    }

    @Override
    public List<Position> positions() {
        JsonNode state = clearinghouseState();
        long observed = state.path("time").asLong(clock.millis());
        List<Position> out = new ArrayList<>();
        for (JsonNode ap : state.path("assetPositions")) {
            JsonNode p = ap.path("position");
            BigDecimal szi = Adapters.decimal(p, "szi");
            if (szi == null || szi.signum() == 0) {
                continue;
            }
            BigDecimal value = decimalOrZero(p, "positionValue");
            BigDecimal mark = value.divide(szi.abs(), MathContext.DECIMAL64).stripTrailingZeros();
            out.add(new Position(p.path("coin").asText(), szi, Adapters.decimal(p, "entryPx"), mark,
                    decimalOrZero(p, "unrealizedPnl"), Adapters.decimal(p, "liquidationPx"), observed));
        }
        return out;
    }

    @Override
    public List<Order> openOrders() {
        JsonNode answer = rest.info(userRequest("frontendOpenOrders").put("dex", ""));
        long now = clock.millis();
        List<Order> out = new ArrayList<>();
        for (JsonNode o : answer) {
            String cloid = Adapters.text(o, "cloid");
            if (cloid != null && o.hasNonNull("oid")) {
                ids.linkOid(cloid, o.get("oid").asLong());
            }
            Order order = Adapters.order(o, ids.clientIdOf(cloid), OrderStatus.OPEN, null, now,
                    cloid == null ? null : known.get(cloid.toLowerCase()));
            out.add(order);
        }
        return out;
    }

    @Override
    public Order place(OrderRequest request) {
        Market market = market(request.symbol());
        if (market == null) {
            return rejected(request, "unknown symbol " + request.symbol());
        }
        Cloid cloid;
        boolean retry;
        try {
            retry = ids.known(request.clientId());
            cloid = ids.register(request.clientId());
        } catch (IllegalArgumentException e) {
            return rejected(request, e.getMessage());
        }
        // The venue may already have it: a retry after a timeout, or a restart after a crash mid-placement.
        Order existing = lookup(cloid, request);
        if (existing != null) {
            requireRetry(retry, request, cloid, existing);
            log.info("event=hl_order_known client_id={} cloid={} oid={} status={}", request.clientId(), cloid,
                    existing.orderId(), existing.status());
            return existing;
        }
        OrderWire wire;
        try {
            wire = wire(request, market, cloid);
        } catch (IllegalArgumentException e) {
            return rejected(request, e.getMessage());
        }
        ObjectNode action = Actions.order(List.of(wire), Grouping.NA);
        for (int attempt = 0; ; attempt++) {
            Long expiresAfter = settings.orderTtl() == null ? null : clock.millis() + settings.orderTtl().toMillis();
            try {
                JsonNode answer = send(action, "order", 1, expiresAfter);
                try {
                    return placed(request, cloid, answer);
                } catch (VenueException e) {
                    if (!e.clientIdReused() || (attempt == 0 && !retry)) {
                        throw e;
                    }
                    // our own unanswered attempt got there after all: the venue's duplicate is that order
                    Order found = lookup(cloid, request);
                    if (found == null) {
                        throw e;
                    }
                    return found;
                }
            } catch (OutcomeUnknownException e) {
                log.warn("event=hl_order_unanswered client_id={} cloid={} attempt={} cause=\"{}\"",
                        request.clientId(), cloid, attempt + 1, e.getMessage());
                Order found = lookup(cloid, request);
                if (found != null) {
                    return found;
                }
                if (attempt >= settings.maxRetries()) {
                    throw VenueException.unavailable("order " + request.clientId() + " got no answer "
                            + (attempt + 1) + " times and is not on the venue; placing the same client id again"
                            + " looks it up before sending", e);
                }
                if (expiresAfter != null) {
                    // Once expired, the unanswered request can no longer be executed: not found then means never.
                    waitUntilPast(expiresAfter);
                } else {
                    pause(attempt);
                }
                // A slow venue may have been processing the unanswered request: look once more before resending.
                found = lookup(cloid, request);
                if (found != null) {
                    return found;
                }
            }
        }
    }

    /**
     * The entry and its stop in ONE {@code order} action with {@code grouping: "normalTpsl"}: the stop a reduce-only
     * trigger child of the entry, as Hyperliquid's own front end sends it. The venue holds the child until the entry
     * fills and puts it on the book sized to the fill. A venue that refuses the grouped form gets the two-step path,
     * and the answer carries its words as the reason.
     */
    @Override
    public ProtectedEntry placeWithStop(OrderRequest entry, OrderRequest stop) {
        Market market = market(entry.symbol());
        if (market == null) {
            return new ProtectedEntry(rejected(entry, "unknown symbol " + entry.symbol()), null, null);
        }
        Cloid entryCloid;
        Cloid stopCloid;
        boolean retry;
        try {
            retry = ids.known(entry.clientId());
            entryCloid = ids.register(entry.clientId());
            stopCloid = ids.register(stop.clientId());
        } catch (IllegalArgumentException e) {
            return new ProtectedEntry(rejected(entry, e.getMessage()), null, null);
        }
        Order existing = lookup(entryCloid, entry);
        if (existing != null) {
            requireRetry(retry, entry, entryCloid, existing);
            log.info("event=hl_order_known client_id={} cloid={} oid={} status={}", entry.clientId(), entryCloid,
                    existing.orderId(), existing.status());
            return new ProtectedEntry(existing, lookup(stopCloid, stop), null);
        }
        ObjectNode action;
        try {
            action = Actions.order(List.of(wire(entry, market, entryCloid), wire(stop, market, stopCloid)),
                    Grouping.NORMAL_TPSL);
        } catch (IllegalArgumentException e) {
            return new ProtectedEntry(rejected(entry, e.getMessage()), null, null);
        }
        JsonNode answer;
        try {
            answer = send(action, "order", 2, null);
        } catch (OutcomeUnknownException e) {
            Order found = lookup(entryCloid, entry);
            if (found == null) {
                throw VenueException.unavailable("entry " + entry.clientId() + " and its stop got no answer and are"
                        + " not on the venue; placing the same client ids again looks them up before sending", e);
            }
            return new ProtectedEntry(found, lookup(stopCloid, stop), null);
        }
        if (!"ok".equals(answer.path("status").asText())) {
            String reason = RestClient.shorten(answer.path("response").asText());
            log.warn("event=protected_entry_fallback venue=hyperliquid client_id={} reason=\"{}\"", entry.clientId(),
                    reason);
            return twoStep(entry, stop, "hyperliquid refused the normalTpsl group: " + reason);
        }
        Order placedEntry = placed(entry, entryCloid, answer, 0);
        JsonNode st = answer.path("response").path("data").path("statuses").path(1);
        if (st.has("error")) {
            log.warn("event=hl_stop_child_refused client_id={} reason=\"{}\"", stop.clientId(),
                    st.path("error").asText());
            return new ProtectedEntry(placedEntry, remember(stopCloid, rejected(stop, st.path("error").asText())),
                    null);
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
                            + RestClient.shorten(answer.path("response").asText()));
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
                if (attempt >= settings.maxRetries()) {
                    throw VenueException.unavailable("cancel " + clientId + " got no answer and the order is still open",
                            e);
                }
                pause(attempt);
            }
        }
    }

    /**
     * Fills after {@code cursor}, oldest first. Cursors are {@code time_ms * 1000 + rank within the millisecond by
     * tid} (see {@link FillCursors}); {@code userFillsByTime} is asked from the cursor's millisecond on.
     */
    @Override
    public List<Fill> fillsSince(long cursor) {
        List<FillCursors.Ranked> ranked = FillCursors.rank(fetchFills(FillCursors.startTime(cursor)));
        List<Fill> out = new ArrayList<>();
        int[] lookups = {0};
        for (FillCursors.Ranked r : ranked) {
            // Ranked among all of the account's fills (spot too), so cursors agree with the stream's.
            if (r.cursor() > cursor && isPerp(r.fill())) {
                out.add(Adapters.fill(r.fill(), r.cursor(), clientIdOfFill(r.fill(), lookups)));
            }
        }
        return out;
    }

    @Override
    public Map<String, BigDecimal> marks() {
        return perpMids(rest.info(request("allMids").put("dex", "")));
    }

    @Override
    public AutoCloseable subscribe(VenueListener listener) {
        Subscriber s = new Subscriber(listener);
        listeners.add(s);
        // A listener that joins while the stream is already up is told so (on the feed's thread, in order).
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
        if (feed != null) {
            feed.close();
        }
        executor.shutdown();
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
        String id = Channels.ofSubscription(subscription);
        ObjectNode message = F.objectNode().put("method", "subscribe");
        message.set("subscription", subscription.deepCopy());
        boolean first;
        synchronized (channelHandlers) {
            List<Consumer<JsonNode>> handlers = channelHandlers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
            first = handlers.isEmpty();
            handlers.add(handler);
        }
        if (first && !builtInChannels.contains(id)) {
            feed.add(message);
        }
        return () -> {
            boolean last;
            synchronized (channelHandlers) {
                List<Consumer<JsonNode>> handlers = channelHandlers.getOrDefault(id, List.of());
                last = handlers.remove(handler) && handlers.isEmpty();
            }
            if (last && !builtInChannels.contains(id)) {
                feed.remove(message);
            }
        };
    }

    /** True while the WebSocket is connected and subscribed. */
    public boolean streaming() {
        return feed != null && feed.connected();
    }

    /** Drops the WebSocket as a network failure would (it reconnects, resubscribes and gap-fills). */
    void dropStream(String reason) {
        feed.reconnect(reason);
    }

    // ---------------------------------------------------------------- internals

    private void loadMarkets() {
        JsonNode meta = rest.info(request("meta").put("dex", ""));
        JsonNode universe = meta.path("universe");
        if (!universe.isArray() || universe.isEmpty()) {
            throw VenueException.unavailable("hyperliquid meta has no universe: "
                    + RestClient.shorten(RestClient.write(meta)), null);
        }
        Map<String, BigDecimal> mids = perpMids(rest.info(request("allMids").put("dex", "")), universe);
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

    private Market market(String symbol) {
        synchronized (markets) {
            return markets.get(symbol);
        }
    }

    private void startFeed() {
        String user = trading.queryAddress().toString();
        List<ObjectNode> subs = List.of(subscription("allMids", null), subscription("orderUpdates", user),
                subscription("userFills", user));
        subs.forEach(s -> builtInChannels.add(Channels.ofSubscription(s.get("subscription"))));
        feed = new WsFeed(http, URI.create(settings.wsUrl()), subs, new FeedHandler(), settings.pingInterval(),
                settings.pongTimeout(), settings.connectTimeout(),
                new Backoff(settings.reconnectMin(), settings.reconnectMax(),
                        () -> ThreadLocalRandom.current().nextDouble()), executor);
        feed.start();
    }

    private static ObjectNode subscription(String type, String user) {
        ObjectNode sub = F.objectNode();
        sub.put("type", type);
        if (user != null) {
            sub.put("user", user);
        }
        ObjectNode msg = F.objectNode();
        msg.put("method", "subscribe");
        msg.set("subscription", sub);
        return msg;
    }

    private OrderWire wire(OrderRequest r, Market m, Cloid cloid) {
        boolean buy = r.side() == Side.BUY;
        BigDecimal size = r.size();
        switch (r.type()) {
            case MARKET -> {
                BigDecimal mid = mid(r.symbol());
                BigDecimal factor = buy ? BigDecimal.ONE.add(settings.marketSlippage())
                        : BigDecimal.ONE.subtract(settings.marketSlippage());
                BigDecimal px = WireFormat.roundPerpPrice(mid.multiply(factor), m.szDecimals(), RoundingMode.HALF_EVEN);
                return OrderWire.of(m.asset(), buy, px, size, m.szDecimals(), r.reduceOnly(),
                        new OrderTypeWire.Limit(Tif.IOC), cloid);
            }
            case LIMIT_GTC, LIMIT_IOC, LIMIT_POST_ONLY -> {
                Tif tif = r.type() == OrderType.LIMIT_GTC ? Tif.GTC : r.type() == OrderType.LIMIT_IOC ? Tif.IOC : Tif.ALO;
                BigDecimal px = m.price(r.limitPrice(), buy ? RoundingMode.FLOOR : RoundingMode.CEILING);
                return OrderWire.of(m.asset(), buy, px, size, m.szDecimals(), r.reduceOnly(),
                        new OrderTypeWire.Limit(tif), cloid);
            }
            case STOP_MARKET, TAKE_PROFIT_MARKET -> {
                boolean stop = r.type() == OrderType.STOP_MARKET;
                // A stop rounds towards firing earlier: up for a sell stop, down for a buy stop.
                RoundingMode mode = stop ? (buy ? RoundingMode.FLOOR : RoundingMode.CEILING) : RoundingMode.HALF_EVEN;
                BigDecimal trigger = m.price(r.triggerPrice(), mode);
                BigDecimal factor = buy ? BigDecimal.ONE.add(TRIGGER_SLIPPAGE) : BigDecimal.ONE.subtract(TRIGGER_SLIPPAGE);
                BigDecimal limit = WireFormat.roundPerpPrice(trigger.multiply(factor), m.szDecimals(),
                        RoundingMode.HALF_EVEN);
                return OrderWire.of(m.asset(), buy, limit, size, m.szDecimals(), true,
                        OrderTypeWire.Trigger.of(true, trigger, m.szDecimals(), stop ? Tpsl.SL : Tpsl.TP), cloid);
            }
            default -> throw new IllegalArgumentException("unsupported order type " + r.type());
        }
    }

    private BigDecimal mid(String symbol) {
        BigDecimal mid = marks().get(symbol);
        if (mid == null) {
            throw new IllegalArgumentException("no mid price for " + symbol + " to price a market order");
        }
        return mid;
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
            return remember(cloid, rejected(r, RestClient.shorten(answer.path("response").asText())));
        }
        JsonNode st = answer.path("response").path("data").path("statuses").path(index);
        Order order;
        if (st.has("resting")) {
            long oid = st.path("resting").path("oid").asLong();
            ids.linkOid(cloid.toString(), oid);
            order = order(r, String.valueOf(oid), BigDecimal.ZERO, OrderStatus.OPEN, null, now);
        } else if (st.has("filled")) {
            JsonNode f = st.path("filled");
            long oid = f.path("oid").asLong();
            ids.linkOid(cloid.toString(), oid);
            BigDecimal total = Adapters.decimal(f, "totalSz");
            total = total == null ? r.size() : total;
            // An IOC that filled part is over: the rest was cancelled.
            OrderStatus status = total.compareTo(r.size()) >= 0 ? OrderStatus.FILLED : OrderStatus.CANCELLED;
            order = order(r, String.valueOf(oid), total, status, null, now);
        } else if (st.has("error")) {
            if (st.path("error").asText().startsWith(DUPLICATE_CLOID)) {
                throw reused(r, cloid, "hyperliquid refused it: " + st.path("error").asText());
            }
            order = rejected(r, st.path("error").asText());
        } else if (st.isTextual()) {
            // "waitingForTrigger" / "waitingForFill": accepted without an oid in the answer; the venue has it.
            Order found = lookup(cloid, r);
            order = found != null ? found : order(r, null, BigDecimal.ZERO, OrderStatus.OPEN, null, now);
        } else {
            throw VenueException.unavailable("hyperliquid answered an order with "
                    + RestClient.shorten(RestClient.write(answer)), null);
        }
        if (order.status() == OrderStatus.REJECTED) {
            log.warn("event=hl_order_rejected client_id={} cloid={} symbol={} reason=\"{}\"", r.clientId(), cloid,
                    r.symbol(), order.rejectReason());
        } else {
            log.info("event=hl_order_placed client_id={} cloid={} oid={} symbol={} side={} type={} size={} status={}",
                    r.clientId(), cloid, order.orderId(), r.symbol(), r.side(), r.type(), r.size().toPlainString(),
                    order.status());
        }
        return remember(cloid, order);
    }

    /** Hyperliquid's words for a cloid the account already used. */
    private static final String DUPLICATE_CLOID = "Duplicate cloid";

    /**
     * An order found on the venue under a client id this client never sent before is someone else's (or a reused
     * id's): taking it as our placement would report an hour-old order as the new one.
     */
    private static void requireRetry(boolean retry, OrderRequest r, Cloid cloid, Order existing) {
        if (!retry) {
            throw reused(r, cloid, "the venue already has order " + existing.orderId() + " (" + existing.status()
                    + ") under it");
        }
    }

    private static VenueException reused(OrderRequest r, Cloid cloid, String why) {
        log.error("event=client_id_reused venue=hyperliquid client_id={} cloid={} reason=\"{}\"", r.clientId(), cloid,
                why);
        return VenueException.clientIdReused("client id " + r.clientId() + " (cloid " + cloid + ") was already used"
                + " on this account; nothing was placed: " + why);
    }

    private Order remember(Cloid cloid, Order order) {
        known.put(cloid.toString(), order);
        return order;
    }

    private Order order(OrderRequest r, String oid, BigDecimal filled, OrderStatus status, String reason, long now) {
        return new Order(oid, r.clientId(), r.symbol(), r.side(), r.type(), r.size(), filled, r.limitPrice(),
                r.triggerPrice(), r.type().isTrigger() || r.reduceOnly(), status, reason, now, now);
    }

    private Order rejected(OrderRequest r, String reason) {
        return order(r, null, BigDecimal.ZERO, OrderStatus.REJECTED, reason, clock.millis());
    }

    /** {@code orderStatus} by cloid: the order as the venue has it, or null when it has never seen it. */
    private Order lookup(Cloid cloid, OrderRequest request) {
        ObjectNode req = userRequest("orderStatus");
        req.put("oid", cloid.toString());
        JsonNode answer = rest.info(req);
        if (!"order".equals(answer.path("status").asText())) {
            return null;
        }
        JsonNode wrapper = answer.path("order");
        JsonNode o = wrapper.path("order");
        String wireStatus = wrapper.path("status").asText();
        OrderStatus status = Adapters.status(wireStatus);
        if (o.hasNonNull("oid")) {
            ids.linkOid(cloid.toString(), o.get("oid").asLong());
        }
        Order knownOrder = known.get(cloid.toString());
        if (knownOrder == null && request != null) {
            knownOrder = order(request, null, BigDecimal.ZERO, OrderStatus.OPEN, null, clock.millis());
        }
        String clientId = request != null ? request.clientId() : ids.clientIdOf(cloid.toString());
        String reason = status == OrderStatus.REJECTED || status == OrderStatus.CANCELLED ? wireStatus : null;
        Order order = Adapters.order(o, clientId, status, reason,
                wrapper.path("statusTimestamp").asLong(clock.millis()), knownOrder);
        return remember(cloid, order);
    }

    private List<JsonNode> fetchFills(long startTime) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        long start = startTime;
        for (int page = 0; page < MAX_FILL_PAGES; page++) {
            ObjectNode req = userRequest("userFillsByTime");
            req.put("startTime", start);
            req.putNull("endTime");
            req.put("aggregateByTime", false);
            JsonNode answer = rest.info(req);
            long newest = start;
            for (JsonNode f : answer) {
                byId.put(Adapters.fillId(f), f);
                newest = Math.max(newest, f.path("time").asLong());
            }
            // A full page may have more behind it; the next page starts at its newest millisecond (inclusive).
            if (answer.size() < FILLS_PAGE || newest <= start) {
                break;
            }
            start = newest;
        }
        return new ArrayList<>(byId.values());
    }

    /** Our client id for a fill: through its oid's cloid, learnt from our answers or (bounded) from orderStatus. */
    private String clientIdOfFill(JsonNode f, int[] lookups) {
        String cloid = Adapters.text(f, "cloid");
        long oid = f.path("oid").asLong();
        if (cloid == null) {
            cloid = ids.cloidOfOid(oid);
        }
        if (cloid == null && lookups[0] < MAX_OID_LOOKUPS) {
            lookups[0]++;
            ObjectNode req = userRequest("orderStatus");
            req.put("oid", oid);
            JsonNode o = rest.info(req).path("order").path("order");
            cloid = Adapters.text(o, "cloid");
            ids.linkOid(cloid, oid);
        }
        return cloid == null ? null : ids.clientIdOf(cloid);
    }

    private boolean isPerp(JsonNode fill) {
        return market(fill.path("coin").asText()) != null;
    }

    private JsonNode clearinghouseState() {
        return rest.info(userRequest("clearinghouseState").put("dex", ""));
    }

    private Map<String, BigDecimal> perpMids(JsonNode mids) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        synchronized (markets) {
            for (String name : markets.keySet()) {
                BigDecimal mid = Adapters.decimal(mids, name);
                if (mid != null) {
                    out.put(name, mid);
                }
            }
        }
        return out;
    }

    private static Map<String, BigDecimal> perpMids(JsonNode mids, JsonNode universe) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (JsonNode u : universe) {
            BigDecimal mid = Adapters.decimal(mids, u.path("name").asText());
            if (mid != null) {
                out.put(u.path("name").asText(), mid);
            }
        }
        return out;
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
            throw VenueException.rejected(what + " refused: " + RestClient.shorten(answer.path("response").asText()));
        }
    }

    private static BigDecimal decimalOrZero(JsonNode node, String field) {
        BigDecimal v = Adapters.decimal(node, field);
        return v == null ? BigDecimal.ZERO : v;
    }

    private void waitUntilPast(long time) {
        long wait = time - clock.millis() + 1;
        if (wait > 0) {
            try {
                sleeper.sleep(Duration.ofMillis(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VenueException.unavailable("interrupted", e);
            }
        }
    }

    private void pause(int attempt) {
        try {
            sleeper.sleep(retryBackoff.delay(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unavailable("interrupted", e);
        }
    }

    private void emit(Consumer<VenueListener> event) {
        for (Subscriber s : listeners) {
            try {
                event.accept(s.listener);
            } catch (RuntimeException e) {
                log.warn("event=hl_listener_failed error=\"{}\"", e.toString());
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
            log.warn("event=hl_listener_failed error=\"{}\"", e.toString());
        }
    }

    /** A listener and the connection state it was last told (touched on the feed thread only). */
    private static final class Subscriber {
        final VenueListener listener;
        Boolean told;

        Subscriber(VenueListener listener) {
            this.listener = listener;
        }
    }

    private void deliverFills(List<JsonNode> fills) {
        int[] lookups = {0};
        for (FillCursors.Ranked r : stream.accept(fills)) {
            if (!isPerp(r.fill())) {
                continue;
            }
            Fill fill = Adapters.fill(r.fill(), r.cursor(), clientIdOfFill(r.fill(), lookups));
            emit(l -> l.onFill(fill));
        }
    }

    /** The WebSocket's messages, on the feed's thread. */
    private final class FeedHandler implements WsFeed.Handler {
        @Override
        public void onMessage(JsonNode msg) {
            builtIn(msg);
            String id = Channels.ofMessage(msg);
            List<Consumer<JsonNode>> handlers = id == null ? null : channelHandlers.get(id);
            if (handlers != null) {
                for (Consumer<JsonNode> h : handlers) {
                    try {
                        h.accept(msg);
                    } catch (RuntimeException e) {
                        log.warn("event=hl_channel_handler_failed channel={} error=\"{}\"", id, e.toString());
                    }
                }
            }
        }

        private void builtIn(JsonNode msg) {
            JsonNode data = msg.path("data");
            switch (msg.path("channel").asText()) {
                case "allMids" -> {
                    long now = clock.millis();
                    perpMids(data.path("mids")).forEach((symbol, mid) -> emit(l -> l.onMark(symbol, mid, now)));
                }
                case "orderUpdates" -> {
                    for (JsonNode u : data) {
                        JsonNode o = u.path("order");
                        String cloid = Adapters.text(o, "cloid");
                        long oid = o.path("oid").asLong();
                        if (cloid == null) {
                            cloid = ids.cloidOfOid(oid);
                        } else {
                            ids.linkOid(cloid, oid);
                        }
                        OrderStatus status = Adapters.status(u.path("status").asText());
                        String reason = status == OrderStatus.REJECTED || status == OrderStatus.CANCELLED
                                ? u.path("status").asText() : null;
                        Order before = cloid == null ? null : known.get(cloid.toLowerCase());
                        Order order = Adapters.order(o, ids.clientIdOf(cloid), status, reason,
                                u.path("statusTimestamp").asLong(clock.millis()), before);
                        if (cloid != null) {
                            known.put(cloid.toLowerCase(), order);
                        }
                        emit(l -> l.onOrder(order));
                    }
                }
                case "userFills" -> {
                    // The snapshot sent on subscribing repeats history; what it could add, the gap-fill has fetched.
                    if (!data.path("isSnapshot").asBoolean(false)) {
                        List<JsonNode> fills = new ArrayList<>();
                        data.path("fills").forEach(fills::add);
                        deliverFills(fills);
                    }
                }
                case "error" -> log.warn("event=hl_ws_error message=\"{}\"", RestClient.shorten(data.asText()));
                default -> {
                    // subscriptionResponse and channels we did not ask for
                }
            }
        }

        @Override
        public void onUp() {
            // Whatever filled while we were away (or before the first connection) arrives now, once.
            deliverFills(fetchFills(stream.lastTime()));
            listeners.forEach(s -> tellConnection(s, true));
        }

        @Override
        public void onDown(String reason) {
            listeners.forEach(s -> tellConnection(s, false));
        }
    }
}
