package pog.lighter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;
import pog.simfront.SimHttp;
import pog.simfront.WsConnections;
import pog.simfront.WsConnections.Connection;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket {@code /stream}: Lighter's subscribe / unsubscribe / ping / jsonapi/sendtx / jsonapi/sendtxbatch messages
 * and its channels, each answered {@code subscribed/<name>} with a snapshot, then {@code update/<name>}:
 * {@code order_book/{market}} (one level each side at the mark; the snapshot is the whole book, an update only the
 * levels that changed, as the venue sends them: the new level, and the old one with size 0 when the mark moved),
 * {@code trade/{market}} (recent trades, then each new one), {@code market_stats/{market|all}}, {@code height}, {@code account_all/{account}} (positions, orders, trades;
 * auth optional), and with an auth token {@code account_orders/{market}/{account}} and
 * {@code account_all_orders/{account}}. A connection silent for half the idle timeout gets a {@code {"type":"ping"}};
 * one that sends nothing (no pong, no message) for the whole timeout is closed (status 1000, reason "idle"). The
 * connections themselves (queues, slow consumers, the idle rule) are the shared {@link WsConnections}; this hub keeps
 * only the protocol.
 */
final class LighterWsHub implements LighterSimulator.Events, SimHttp.Socket<LighterWsHub.Channels>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LighterWsHub.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** How long a connection may stay silent before the simulator closes it (not confirmed for the venue). */
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(2);
    private static final int RECENT_TRADES = 50;
    static final int INVALID_JSON = 30001;
    static final int INVALID_TYPE = 30003;
    static final int INVALID_CHANNEL = 30005;
    /** Not confirmed: the venue's codes for a second subscribe and for leaving a channel one is not in. */
    static final int ALREADY_SUBSCRIBED = 30006;
    static final int NOT_SUBSCRIBED = 30007;

    /** A connection's channels, by the key a subscribe keeps ({@code account_orders:{market}:{account}}). */
    static final class Channels {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
    }

    private final LighterSimulator sim;
    private final Clock clock;
    private final WsConnections<Channels> conns;
    private final AtomicLong offset = new AtomicLong();
    private final AtomicLong tradeNonce = new AtomicLong();
    private final Map<Integer, Deque<ObjectNode>> recentTrades = new ConcurrentHashMap<>();
    private final Map<Integer, String> lastTradePrice = new ConcurrentHashMap<>();
    /** The price of the one level each side that the last book update showed, per market (the feed's thread). */
    private final Map<Integer, String> bookLevel = new ConcurrentHashMap<>();
    /**
     * Held while a subscribe is answered and while a book update goes out: a snapshot and the updates after it are
     * one sequence on every connection (no update lands between joining the channel and its snapshot, and the
     * snapshot shows the level the next update removes).
     */
    private final Object bookLock = new Object();

    LighterWsHub(LighterSimulator sim, Clock clock, Duration idle) {
        this.sim = sim;
        this.clock = clock;
        this.conns = new WsConnections<>("lighter-sim", 2, clock, new WsConnections.Idle(idle, "idle",
                "{\"type\":\"ping\"}"), Channels::new);
        sim.addListener(this);
    }

    /** The open connections, for the server's accessors and the front's admin routes. */
    WsConnections<Channels> connections() {
        return conns;
    }

    @Override
    public void onConnect(Connection<Channels> c) {
        ObjectNode hello = F.objectNode();
        hello.put("session_id", c.id());
        hello.put("type", "connected");
        c.send(Json.write(hello));
    }

    @Override
    public void onMessage(Connection<Channels> c, JsonNode msg, String text) {
        if (msg == null) {
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

    private void subscribe(Connection<Channels> c, JsonNode msg) {
        synchronized (bookLock) {
            subscribeInOrder(c, msg);
        }
    }

    private void subscribeInOrder(Connection<Channels> c, JsonNode msg) {
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
        if (!c.state().keys.add(sub.key())) {
            c.send(error(ALREADY_SUBSCRIBED, "Already Subscribed: " + channel));
            return;
        }
        ObjectNode out = F.objectNode();
        out.put("type", "subscribed/" + sub.name());
        out.put("channel", sub.channel());
        out.setAll(sub.snapshot());
        c.send(Json.write(out));
    }

    private void unsubscribe(Connection<Channels> c, String channel) {
        String[] parts = channel.split("/", -1);
        // the key a subscribe kept: account_orders/{market}/{account} is kept as account_orders:{market}:{account}
        String key = String.join(":", parts);
        if (!c.state().keys.remove(key)) {
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
                    BigDecimal mark = sim.exchange().marks().get(m.symbol());
                    String shown = bookLevel.computeIfAbsent(m.marketId(), k -> Shapes.scaled(mark, m.priceDecimals()));
                    ObjectNode snap = book(m, new BigDecimal(shown), sim.exchange().markTime(m.symbol()));
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
                    snap.setAll(sim.query().accountSnapshot(account));
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
                    snap.set("orders", sim.query().openOrdersByMarket(account, m.marketId()));
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
                    snap.set("orders", sim.query().openOrdersByMarket(account, null));
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

    private void sendTxBatch(Connection<Channels> c, JsonNode data) {
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
            out.set("data", sim.tx().sendTxBatch(types, infos));
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

    private void sendTx(Connection<Channels> c, JsonNode data) {
        ObjectNode out = F.objectNode();
        out.put("type", "jsonapi/sendtx");
        try {
            JsonNode info = data.path("tx_info");
            if (!data.path("tx_type").canConvertToInt() || info.isMissingNode()) {
                throw new ApiError(ApiError.INVALID_PARAM, "data needs tx_type and tx_info");
            }
            String text = info.isTextual() ? info.asText() : Json.write(info);
            out.set("data", sim.tx().sendTx(data.path("tx_type").asInt(), text));
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
        synchronized (bookLock) {
            String price = Shapes.scaled(mark, market.priceDecimals());
            String before = bookLevel.put(market.marketId(), price);
            if (before != null && !before.equals(price)) {
                // an update carries changes only: the level the last one showed is gone
                ObjectNode gone = F.objectNode();
                gone.put("price", before);
                gone.put("size", Shapes.scaled(BigDecimal.ZERO, market.sizeDecimals()));
                ((ArrayNode) book.path("order_book").path("asks")).add(gone.deepCopy());
                ((ArrayNode) book.path("order_book").path("bids")).add(gone);
            }
            publish("order_book:" + market.marketId(), book);
        }
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
        for (Connection<Channels> c : conns.all()) {
            if (c.state().keys.contains(key)) {
                return true;
            }
        }
        return false;
    }

    private void publish(String key, ObjectNode msg) {
        String text = null;
        for (Connection<Channels> c : conns.all()) {
            if (c.state().keys.contains(key)) {
                if (text == null) {
                    text = Json.write(msg);
                }
                c.send(text);
            }
        }
    }

    @Override
    public void close() {
        conns.close();
        sim.removeListener(this);
    }
}
