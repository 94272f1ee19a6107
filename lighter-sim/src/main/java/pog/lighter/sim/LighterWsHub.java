package pog.lighter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket {@code /stream}: Lighter's subscribe / unsubscribe / ping / jsonapi/sendtx / jsonapi/sendtxbatch messages
 * and its channels, each answered {@code subscribed/<name>} with a snapshot, then {@code update/<name>}:
 * {@code order_book/{market}} (one level each side at the mark), {@code trade/{market}} (recent trades, then each new
 * one), {@code market_stats/{market|all}}, {@code height}, {@code account_all/{account}} (positions, orders, trades;
 * auth optional), and with an auth token {@code account_orders/{market}/{account}} and
 * {@code account_all_orders/{account}}. A connection silent for half the idle timeout gets a {@code {"type":"ping"}};
 * one that sends nothing (no pong, no message) for the whole timeout is closed (status 1000, reason "idle"). Each connection has its own outgoing queue, sent in order
 * by a small pool.
 */
final class LighterWsHub implements LighterSimulator.Events, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LighterWsHub.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_QUEUED = 10_000;
    /** How long a connection may stay silent before the simulator closes it (not confirmed for the venue). */
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(2);
    private static final int RECENT_TRADES = 50;
    static final int INVALID_JSON = 30001;
    static final int INVALID_TYPE = 30003;
    static final int INVALID_CHANNEL = 30005;
    /** Not confirmed: the venue's codes for a second subscribe and for leaving a channel one is not in. */
    static final int ALREADY_SUBSCRIBED = 30006;
    static final int NOT_SUBSCRIBED = 30007;

    private final LighterSimulator sim;
    private final Clock clock;
    private final long idleMillis;
    private final Map<String, Conn> conns = new ConcurrentHashMap<>();
    private final AtomicLong offset = new AtomicLong();
    private final AtomicLong tradeNonce = new AtomicLong();
    private final Map<Integer, Deque<ObjectNode>> recentTrades = new ConcurrentHashMap<>();
    private final Map<Integer, String> lastTradePrice = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "lighter-sim-ws-send");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lighter-sim-ws-idle");
        t.setDaemon(true);
        return t;
    });

    LighterWsHub(LighterSimulator sim, Clock clock, Duration idle) {
        this.sim = sim;
        this.clock = clock;
        this.idleMillis = idle.toMillis();
        sweeper.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Pings each connection silent for half the idle timeout (once; its pong, like any message, counts as activity)
     * and closes each that sent nothing for the whole timeout, by the injected clock.
     */
    int closeIdle() {
        long now = clock.millis();
        int n = 0;
        for (Conn c : conns.values()) {
            long silent = now - c.lastSeen;
            if (silent > idleMillis / 2 && silent <= idleMillis && !c.pinged) {
                c.pinged = true;
                c.send("{\"type\":\"ping\"}");
            }
            if (silent > idleMillis && conns.remove(c.id) != null) {
                log.info("event=ws_idle_close id={} silentMs={}", c.id, now - c.lastSeen);
                try {
                    c.session.close(1000, "idle", Callback.NOOP);
                } catch (RuntimeException e) {
                    c.session.disconnect();
                }
                n++;
            }
        }
        return n;
    }

    void onConnect(WsContext ctx) {
        Conn c = conns.computeIfAbsent(ctx.sessionId(), id -> new Conn(id, ctx.session));
        log.info("event=ws_open id={} open={}", c.id, conns.size());
        ObjectNode hello = F.objectNode();
        hello.put("session_id", c.id);
        hello.put("type", "connected");
        c.send(Json.write(hello));
    }

    void onClose(WsContext ctx) {
        if (conns.remove(ctx.sessionId()) != null) {
            log.info("event=ws_closed id={} open={}", ctx.sessionId(), conns.size());
        }
    }

    int connections() {
        return conns.size();
    }

    /** Fault injection: every connection is cut without a close frame, as a network failure would. */
    int dropAll() {
        int n = 0;
        for (Conn c : conns.values()) {
            conns.remove(c.id);
            c.session.disconnect();
            n++;
        }
        log.warn("event=ws_dropped_all count={}", n);
        return n;
    }

    void onMessage(WsContext ctx, String text) {
        // a message may be handled before the connect callback registered its session: register it here then,
        // rather than dropping a subscription the client will never send again
        Conn c = conns.computeIfAbsent(ctx.sessionId(), id -> new Conn(id, ctx.session));
        c.lastSeen = clock.millis();
        c.pinged = false;
        JsonNode msg;
        try {
            msg = Json.mapper().readTree(text);
        } catch (Exception e) {
            c.send(error(INVALID_JSON, "Invalid JSON"));
            return;
        }
        String type = msg.path("type").asText("");
        switch (type) {
            case "ping" -> c.send("{\"type\":\"pong\"}");
            case "pong" -> { }
            case "subscribe" -> subscribe(c, msg);
            case "unsubscribe" -> unsubscribe(c, msg.path("channel").asText(""));
            case "jsonapi/sendtx" -> sendTx(c, msg.path("data"));
            case "jsonapi/sendtxbatch" -> sendTxBatch(c, msg.path("data"));
            default -> c.send(error(INVALID_TYPE, "Invalid Type: " + type));
        }
    }

    /** What a subscribe names: the key the connection keeps, the channel its frames carry, and its snapshot. */
    private record Sub(String key, String channel, String name, ObjectNode snapshot) {
    }

    private void subscribe(Conn c, JsonNode msg) {
        String channel = msg.path("channel").asText("");
        Sub sub;
        try {
            sub = resolve(channel, msg.path("auth").asText(null));
        } catch (ApiError e) {
            c.send(error(e.code(), e.getMessage()));
            return;
        }
        if (sub == null) {
            c.send(error(INVALID_CHANNEL, "Invalid Channel: " + channel));
            return;
        }
        if (!c.channels.add(sub.key())) {
            c.send(error(ALREADY_SUBSCRIBED, "Already Subscribed: " + channel));
            return;
        }
        ObjectNode out = F.objectNode();
        out.put("type", "subscribed/" + sub.name());
        out.put("channel", sub.channel());
        out.setAll(sub.snapshot());
        c.send(Json.write(out));
    }

    private void unsubscribe(Conn c, String channel) {
        String[] parts = channel.split("/", -1);
        // the key a subscribe kept: account_orders/{market}/{account} is kept as account_orders:{market}:{account}
        String key = String.join(":", parts);
        if (!c.channels.remove(key)) {
            c.send(error(NOT_SUBSCRIBED, "Not Subscribed: " + channel));
            return;
        }
        ObjectNode ack = F.objectNode();
        ack.put("type", "unsubscribed");
        ack.put("channel", channel);
        c.send(Json.write(ack));
    }

    /** The channel a subscribe names, with its snapshot; null when there is no such channel. */
    private Sub resolve(String channel, String auth) throws ApiError {
        String[] parts = channel.split("/", -1);
        try {
            switch (parts[0]) {
                case "order_book" -> {
                    LighterSimConfig.Market m = market(parts, 2);
                    if (m == null) {
                        return null;
                    }
                    ObjectNode snap = book(m, sim.exchange().marks().get(m.symbol()), sim.exchange().markTime(m.symbol()));
                    return new Sub("order_book:" + m.marketId(), "order_book:" + m.marketId(), "order_book", snap);
                }
                case "trade" -> {
                    LighterSimConfig.Market m = market(parts, 2);
                    if (m == null) {
                        return null;
                    }
                    ObjectNode snap = F.objectNode();
                    snap.put("nonce", tradeNonce.get());
                    ArrayNode list = snap.putArray("trades");
                    Deque<ObjectNode> recent = recentTrades.get(m.marketId());
                    if (recent != null) {
                        synchronized (recent) {
                            recent.forEach(list::add);
                        }
                    }
                    snap.putArray("liquidation_trades");
                    return new Sub("trade:" + m.marketId(), "trade:" + m.marketId(), "trade", snap);
                }
                case "market_stats" -> {
                    if (parts.length == 2 && parts[1].equals("all")) {
                        ObjectNode snap = F.objectNode();
                        ObjectNode all = snap.putObject("market_stats");
                        for (LighterSimConfig.Market m : sim.config().markets()) {
                            all.set(Integer.toString(m.marketId()), stats(m, sim.exchange().marks().get(m.symbol())));
                        }
                        return new Sub("market_stats:all", "market_stats:all", "market_stats", snap);
                    }
                    LighterSimConfig.Market m = market(parts, 2);
                    if (m == null) {
                        return null;
                    }
                    ObjectNode snap = F.objectNode();
                    snap.set("market_stats", stats(m, sim.exchange().marks().get(m.symbol())));
                    return new Sub("market_stats:" + m.marketId(), "market_stats:" + m.marketId(), "market_stats", snap);
                }
                case "height" -> {
                    if (parts.length != 1) {
                        return null;
                    }
                    ObjectNode snap = F.objectNode();
                    snap.put("height", sim.height());
                    snap.put("timestamp", clock.millis());
                    return new Sub("height", "height", "height", snap);
                }
                case "account_all" -> {
                    if (parts.length != 2) {
                        return null;
                    }
                    long account = Long.parseLong(parts[1]);
                    if (auth != null) {
                        sim.authorize(auth, account);
                    }
                    ObjectNode snap = F.objectNode();
                    snap.put("account", account);
                    snap.setAll(sim.accountSnapshot(account));
                    return new Sub("account_all:" + account, "account_all:" + account, "account_all", snap);
                }
                case "account_orders" -> {
                    if (parts.length != 3) {
                        return null;
                    }
                    LighterSimConfig.Market m = market(parts, 3);
                    if (m == null) {
                        return null;
                    }
                    long account = Long.parseLong(parts[2]);
                    sim.authorize(auth, account);
                    ObjectNode snap = F.objectNode();
                    snap.put("account", account);
                    snap.put("nonce", offset.get());
                    snap.set("orders", sim.openOrdersByMarket(account, m.marketId()));
                    return new Sub("account_orders:" + m.marketId() + ":" + account, "account_orders:" + m.marketId(),
                            "account_orders", snap);
                }
                case "account_all_orders" -> {
                    if (parts.length != 2) {
                        return null;
                    }
                    long account = Long.parseLong(parts[1]);
                    sim.authorize(auth, account);
                    ObjectNode snap = F.objectNode();
                    snap.set("orders", sim.openOrdersByMarket(account, null));
                    return new Sub("account_all_orders:" + account, "account_all_orders:" + account,
                            "account_all_orders", snap);
                }
                default -> {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The market named by {@code parts[1]} when the channel has {@code length} parts, else null. */
    private LighterSimConfig.Market market(String[] parts, int length) {
        if (parts.length != length) {
            return null;
        }
        return sim.config().market(Integer.parseInt(parts[1]));
    }

    private ObjectNode stats(LighterSimConfig.Market m, BigDecimal mark) {
        ObjectNode n = F.objectNode();
        String px = mark == null ? "0" : Shapes.scaled(mark, m.priceDecimals());
        n.put("market_id", m.marketId());
        n.put("index_price", px);
        n.put("mark_price", px);
        n.put("last_trade_price", lastTradePrice.getOrDefault(m.marketId(), px));
        n.put("current_funding_rate", "0.0000");
        n.put("funding_rate", "0.0000");
        n.put("funding_timestamp", 0);
        n.put("daily_base_token_volume", 0.0);
        n.put("daily_quote_token_volume", 0.0);
        n.put("daily_price_low", mark == null ? 0.0 : mark.doubleValue());
        n.put("daily_price_high", mark == null ? 0.0 : mark.doubleValue());
        n.put("daily_price_change", 0.0);
        return n;
    }

    private void sendTxBatch(Conn c, JsonNode data) {
        ObjectNode out = F.objectNode();
        out.put("type", "jsonapi/sendtxbatch");
        try {
            List<Integer> types = new java.util.ArrayList<>();
            List<String> infos = new java.util.ArrayList<>();
            JsonNode t = arrayOf(data.path("tx_types"));
            JsonNode i = arrayOf(data.path("tx_infos"));
            if (t == null || i == null) {
                throw new ApiError(ApiError.INVALID_PARAM, "data needs tx_types and tx_infos, JSON arrays");
            }
            for (JsonNode x : t) {
                if (!x.canConvertToInt()) {
                    throw new ApiError(ApiError.INVALID_PARAM, "tx_types must be integers");
                }
                types.add(x.asInt());
            }
            for (JsonNode x : i) {
                infos.add(x.isTextual() ? x.asText() : Json.write(x));
            }
            out.set("data", sim.sendTxBatch(types, infos));
        } catch (ApiError e) {
            out.set("data", Shapes.error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("event=ws_sendtxbatch_failed error={}", e.toString());
            out.set("data", e instanceof pog.venue.VenueException
                    ? Shapes.error(ApiError.INVALID_PARAM, "transaction failed: " + e.getMessage())
                    : Shapes.error(ApiError.INTERNAL, "internal error in the simulator; its log has the details"));
        }
        c.send(Json.write(out));
    }

    /** An array given as itself or as a string holding JSON, as the venue's docs show it; null otherwise. */
    private static JsonNode arrayOf(JsonNode n) {
        if (n.isArray()) {
            return n;
        }
        if (n.isTextual()) {
            try {
                JsonNode parsed = Json.mapper().readTree(n.asText());
                return parsed != null && parsed.isArray() ? parsed : null;
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }

    private void sendTx(Conn c, JsonNode data) {
        ObjectNode out = F.objectNode();
        out.put("type", "jsonapi/sendtx");
        try {
            JsonNode info = data.path("tx_info");
            if (!data.path("tx_type").canConvertToInt() || info.isMissingNode()) {
                throw new ApiError(ApiError.INVALID_PARAM, "data needs tx_type and tx_info");
            }
            String text = info.isTextual() ? info.asText() : Json.write(info);
            out.set("data", sim.sendTx(data.path("tx_type").asInt(), text));
        } catch (ApiError e) {
            out.set("data", Shapes.error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("event=ws_sendtx_failed error={}", e.toString());
            out.set("data", e instanceof pog.venue.VenueException
                    ? Shapes.error(ApiError.INVALID_PARAM, "transaction failed: " + e.getMessage())
                    : Shapes.error(ApiError.INTERNAL, "internal error in the simulator; its log has the details"));
        }
        c.send(Json.write(out));
    }

    private ObjectNode book(LighterSimConfig.Market m, BigDecimal mark, long time) {
        long off = offset.incrementAndGet();
        ObjectNode out = F.objectNode();
        out.put("offset", off);
        ObjectNode book = out.putObject("order_book");
        book.put("code", 0);
        book.set("asks", Shapes.bookLevel(mark, m));
        book.set("bids", Shapes.bookLevel(mark, m));
        book.put("offset", off);
        out.put("timestamp", time);
        return out;
    }

    private static String error(int code, String message) {
        ObjectNode n = F.objectNode();
        n.set("error", Shapes.error(code, message));
        return Json.write(n);
    }

    // ------------------------------------------------------------------ events

    @Override
    public void onMark(LighterSimConfig.Market market, BigDecimal mark, long time) {
        ObjectNode book = F.objectNode();
        book.put("type", "update/order_book");
        book.put("channel", "order_book:" + market.marketId());
        book.setAll(book(market, mark, time));
        publish("order_book:" + market.marketId(), book);
        ObjectNode stats = F.objectNode();
        stats.put("type", "update/market_stats");
        stats.put("channel", "market_stats:" + market.marketId());
        stats.set("market_stats", stats(market, mark));
        publish("market_stats:" + market.marketId(), stats);
        ObjectNode all = F.objectNode();
        all.put("type", "update/market_stats");
        all.put("channel", "market_stats:all");
        all.putObject("market_stats").set(Integer.toString(market.marketId()), stats(market, mark));
        publish("market_stats:all", all);
    }

    @Override
    public void onOrder(long account, ObjectNode order) {
        String market = order.path("market_index").asText();
        ObjectNode out = accountUpdate(account);
        out.putObject("orders").putArray(market).add(order);
        publish("account_all:" + account, out);

        ObjectNode byMarket = F.objectNode();
        byMarket.put("type", "update/account_orders");
        byMarket.put("channel", "account_orders:" + market);
        byMarket.put("account", account);
        byMarket.put("nonce", offset.incrementAndGet());
        byMarket.putObject("orders").putArray(market).add(order);
        publish("account_orders:" + market + ":" + account, byMarket);

        ObjectNode allOrders = F.objectNode();
        allOrders.put("type", "update/account_all_orders");
        allOrders.put("channel", "account_all_orders:" + account);
        allOrders.putObject("orders").putArray(market).add(order);
        publish("account_all_orders:" + account, allOrders);
    }

    @Override
    public void onTrade(long account, int marketId, ObjectNode trade) {
        ObjectNode out = accountUpdate(account);
        out.putObject("trades").putArray(Integer.toString(marketId)).add(trade);
        publish("account_all:" + account, out);

        // the market's public tape: the trade without this account's own figures
        ObjectNode pub = trade.deepCopy();
        pub.remove("fee");
        pub.remove("realized_pnl");
        lastTradePrice.put(marketId, pub.path("price").asText());
        Deque<ObjectNode> recent = recentTrades.computeIfAbsent(marketId, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(pub);
            while (recent.size() > RECENT_TRADES) {
                recent.removeFirst();
            }
        }
        ObjectNode tape = F.objectNode();
        tape.put("type", "update/trade");
        tape.put("channel", "trade:" + marketId);
        tape.put("nonce", tradeNonce.incrementAndGet());
        tape.putArray("trades").add(pub);
        tape.putArray("liquidation_trades");
        publish("trade:" + marketId, tape);
    }

    @Override
    public void onHeight(long height, long time) {
        if (!anyone("height")) {
            return;
        }
        ObjectNode out = F.objectNode();
        out.put("type", "update/height");
        out.put("channel", "height");
        out.put("height", height);
        out.put("timestamp", time);
        publish("height", out);
    }

    private ObjectNode accountUpdate(long account) {
        ObjectNode out = F.objectNode();
        out.put("type", "update/account_all");
        out.put("channel", "account_all:" + account);
        out.put("account", account);
        return out;
    }

    private boolean anyone(String key) {
        for (Conn c : conns.values()) {
            if (c.channels.contains(key)) {
                return true;
            }
        }
        return false;
    }

    private void publish(String key, ObjectNode msg) {
        String text = null;
        for (Conn c : conns.values()) {
            if (c.channels.contains(key)) {
                if (text == null) {
                    text = Json.write(msg);
                }
                c.send(text);
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        senders.shutdownNow();
    }

    private final class Conn {
        final String id;
        final Session session;
        final Set<String> channels = ConcurrentHashMap.newKeySet();
        volatile long lastSeen = clock.millis();
        /** A ping was sent since the connection last said anything. */
        volatile boolean pinged;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean draining;

        Conn(String id, Session session) {
            this.id = id;
            this.session = session;
        }

        void send(String text) {
            synchronized (this) {
                if (queue.size() >= MAX_QUEUED) {
                    log.warn("event=ws_slow_consumer id={} action=drop", id);
                    conns.remove(id);
                    session.disconnect();
                    return;
                }
                queue.add(text);
                if (draining) {
                    return;
                }
                draining = true;
            }
            try {
                senders.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }

        private void drain() {
            while (true) {
                String next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null || !session.isOpen()) {
                        queue.clear();
                        draining = false;
                        return;
                    }
                }
                Callback.Completable done = new Callback.Completable();
                session.sendText(next, done);
                try {
                    done.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    synchronized (this) {
                        queue.clear();
                        draining = false;
                    }
                    conns.remove(id);
                    session.disconnect();
                    return;
                }
            }
        }
    }
}
