package pog.hyperliquid.sim;

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
import pog.venue.Fill;
import pog.venue.Order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebSocket {@code /ws}: Hyperliquid's subscribe / unsubscribe / ping / post protocol, and the channels allMids,
 * l2Book, trades, orderUpdates, userFills and user (userEvents). The connections themselves (queues, slow consumers,
 * the idle rule) are the shared {@link WsConnections}; this hub keeps only the protocol.
 */
final class HyperliquidWsHub implements SimEvents, SimHttp.Socket<HyperliquidWsHub.Subscriptions>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HyperliquidWsHub.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final int MAX_SUBSCRIPTIONS = 1000;
    static final String GREETING = "Websocket connection established.";
    /** Docs (Timeouts and heartbeats): a connection the client sent nothing on for 60 s is closed. */
    static final Duration IDLE_CLOSE = Duration.ofSeconds(60);

    /** A connection's subscriptions, by the key {@link #identifier} gives them, with the subscription as sent. */
    static final class Subscriptions extends ConcurrentHashMap<String, JsonNode> {
    }

    private final HyperliquidSimulator sim;
    private final InfoApi info;
    private final WsConnections<Subscriptions> conns;

    HyperliquidWsHub(HyperliquidSimulator sim) {
        this.sim = sim;
        this.info = new InfoApi(sim);
        this.conns = new WsConnections<>("hl-sim", 4, sim.clock(),
                new WsConnections.Idle(IDLE_CLOSE, "no message from the client for 60 s", null), Subscriptions::new);
        sim.addListener(this);
    }

    /** The open connections, for the server's accessors and the front's admin routes. */
    WsConnections<Subscriptions> connections() {
        return conns;
    }

    // ------------------------------------------------------------------ connections

    @Override
    public void onConnect(Connection<Subscriptions> c) {
        c.send(GREETING);
    }

    @Override
    public void onMessage(Connection<Subscriptions> c, JsonNode msg, String text) {
        String method = msg == null ? "" : msg.path("method").asText("");
        switch (method) {
            case "ping" -> c.send("{\"channel\":\"pong\"}");
            case "subscribe" -> subscribe(c, msg.get("subscription"));
            case "unsubscribe" -> unsubscribe(c, msg.get("subscription"));
            case "post" -> post(c, msg);
            default -> c.send(channel("error", F.textNode("Error parsing JSON into valid websocket request: "
                    + text)));
        }
    }

    // ------------------------------------------------------------------ subscriptions

    /** Subscriptions whose only parameter is a user. */
    private static final Set<String> USER_FEEDS = Set.of("orderUpdates", "userFills", "userEvents", "webData2",
            "webData3", "notification", "userFundings", "userNonFundingLedgerUpdates", "clearinghouseState",
            "openOrders", "twapStates", "userTwapSliceFills", "userTwapHistory", "userHistoricalOrders", "spotState");
    /** Subscriptions whose only parameter is a coin. */
    private static final Set<String> COIN_FEEDS = Set.of("l2Book", "trades", "bbo", "activeAssetCtx");

    /**
     * The key a subscription is known by (user lower-cased, as the venue treats it), or null if it is not valid.
     * Each parameter set is its own subscription (an l2Book with nSigFigs 2 beside the full one).
     */
    private String identifier(JsonNode s) {
        if (s == null || !s.isObject()) {
            return null;
        }
        String type = s.path("type").asText("");
        if (type.equals("user")) {
            type = "userEvents";
        }
        String coin = s.path("coin").asText("");
        String user = s.path("user").asText("").toLowerCase();
        boolean validUser = user.matches("0x[0-9a-f]{40}");
        boolean validCoin = sim.markets().byName(coin) != null;
        if (type.equals("allMids")) {
            return "allMids";
        }
        if (USER_FEEDS.contains(type)) {
            return validUser ? type + ":" + user : null;
        }
        if (COIN_FEEDS.contains(type)) {
            if (!validCoin) {
                return null;
            }
            if (type.equals("l2Book") && (s.hasNonNull("nSigFigs") || s.hasNonNull("mantissa"))) {
                try {
                    InfoApi.bookSigFigs(s);
                    InfoApi.bookMantissa(s);
                } catch (BadRequest e) {
                    return null;
                }
                return "l2Book:" + coin + ":" + s.path("nSigFigs").asText("") + ":" + s.path("mantissa").asText("");
            }
            return type + ":" + coin;
        }
        if (type.equals("candle")) {
            String interval = s.path("interval").asText("");
            return validCoin && InfoApi.intervalMillis(interval) != null ? "candle:" + coin + ":" + interval : null;
        }
        if (type.equals("activeAssetData")) {
            return validUser && validCoin ? "activeAssetData:" + user + ":" + coin : null;
        }
        return null;
    }

    private static String userOf(String id) {
        int colon = id.indexOf(':');
        String rest = id.substring(colon + 1);
        int next = rest.indexOf(':');
        return next < 0 ? rest : rest.substring(0, next);
    }

    private void subscribe(Connection<Subscriptions> c, JsonNode s) {
        String id = identifier(s);
        if (id == null) {
            c.send(channel("error", F.textNode("Invalid subscription " + (s == null ? "null" : Json.write(s)))));
            return;
        }
        if (c.state().size() >= MAX_SUBSCRIPTIONS && !c.state().containsKey(id)) {
            // Docs: at most 1000 subscriptions per IP (wording of this refusal not confirmed from the venue).
            c.send(channel("error", F.textNode("Cannot track more than " + MAX_SUBSCRIPTIONS
                    + " total subscriptions.")));
            return;
        }
        if (c.state().putIfAbsent(id, s) != null) {
            c.send(channel("error", F.textNode("Already subscribed: " + Json.write(s))));
            return;
        }
        ObjectNode ack = F.objectNode();
        ack.put("method", "subscribe");
        ack.set("subscription", s);
        c.send(channel("subscriptionResponse", ack));
        log.info("event=ws_subscribe id={} subscription={}", c.id(), id);
        String type = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
        String user = USER_FEEDS.contains(type) || type.equals("activeAssetData") ? userOf(id) : null;
        if (user != null) {
            sim.knownForInfo(user); // the faucet, when on, funds on first sight; nothing is created otherwise
        }
        // The venue follows subscriptions with the current state at once (user feeds flagged isSnapshot).
        switch (type) {
            case "allMids" -> c.send(allMidsMessage());
            case "l2Book" -> c.send(l2BookMessage(s));
            case "bbo" -> c.send(channel("bbo", bbo(s.path("coin").asText())));
            case "activeAssetCtx" -> c.send(activeAssetCtxMessage(s.path("coin").asText()));
            case "activeAssetData" -> sendActiveAssetData(c, user, s.path("coin").asText());
            case "candle" -> {
                ObjectNode candle = info.candleAt(s.path("coin").asText(), s.path("interval").asText(),
                        sim.clock().millis());
                if (candle != null) {
                    c.send(channel("candle", candle));
                }
            }
            case "userFills" -> {
                ObjectNode data = F.objectNode();
                data.put("isSnapshot", true);
                data.put("user", user);
                ArrayNode fills = data.putArray("fills");
                // An address that is no account has no fills (and asking creates nothing).
                var all = sim.known(user) ? sim.fillsWithStart(user) : java.util.List.<ObjectNode>of();
                for (int i = all.size() - 1; i >= 0 && fills.size() < 2000; i--) {
                    fills.add(all.get(i));
                }
                c.send(channel("userFills", data));
            }
            case "userFundings" -> {
                ObjectNode data = F.objectNode();
                data.put("isSnapshot", true);
                data.put("user", user);
                ArrayNode list = data.putArray("fundings");
                if (sim.known(user)) {
                    for (HyperliquidStore.Funding f : sim.store().fundings(user, Long.MIN_VALUE, Long.MAX_VALUE)) {
                        list.add(fundingEntry(f));
                    }
                }
                c.send(channel("userFundings", data));
            }
            case "userNonFundingLedgerUpdates" -> c.send(userSnapshot("userNonFundingLedgerUpdates", user,
                    "nonFundingLedgerUpdates"));
            case "userTwapSliceFills" -> c.send(userSnapshot("userTwapSliceFills", user, "twapSliceFills"));
            case "userTwapHistory" -> c.send(userSnapshot("userTwapHistory", user, "history"));
            case "userHistoricalOrders" -> c.send(userSnapshot("userHistoricalOrders", user, "orderHistory"));
            case "clearinghouseState" -> c.send(clearinghouseStateMessage(user));
            case "openOrders" -> c.send(openOrdersMessage(user));
            case "twapStates" -> {
                ObjectNode data = F.objectNode();
                data.put("dex", "");
                data.put("user", user);
                data.putArray("states");
                c.send(channel("twapStates", data));
            }
            case "webData2" -> c.send(channel("webData2", webData2(user)));
            case "webData3" -> c.send(channel("webData3", webData3(user)));
            default -> {
                // orderUpdates, userEvents, trades, notification: events only, no snapshot
            }
        }
    }

    /** The book of a subscription, aggregated by its nSigFigs/mantissa (checked when it was made). */
    private String l2BookMessage(JsonNode subscription) {
        try {
            return channel("l2Book", info.l2Book(subscription.path("coin").asText(), InfoApi.bookSigFigs(subscription),
                    InfoApi.bookMantissa(subscription)));
        } catch (BadRequest e) {
            return channel("l2Book", info.l2Book(subscription.path("coin").asText()));
        }
    }

    private static String userSnapshot(String channel, String user, String listField) {
        ObjectNode data = F.objectNode();
        data.put("isSnapshot", true);
        data.put("user", user);
        data.putArray(listField); // nothing of the kind is simulated yet (funding, ledger, twap): an empty history
        return channel(channel, data);
    }

    private ObjectNode bbo(String coin) {
        JsonNode book = info.l2Book(coin);
        ObjectNode data = F.objectNode();
        data.put("coin", coin);
        data.put("time", sim.clock().millis());
        ArrayNode bbo = data.putArray("bbo");
        for (int side = 0; side < 2; side++) {
            JsonNode levels = book.path("levels").path(side);
            if (levels.size() > 0) {
                bbo.add(levels.get(0));
            } else {
                bbo.addNull();
            }
        }
        return data;
    }

    private String activeAssetCtxMessage(String coin) {
        ObjectNode data = F.objectNode();
        data.put("coin", coin);
        data.set("ctx", info.assetCtx(sim.markets().byName(coin), sim.exchange().marks().get(coin)));
        return channel("activeAssetCtx", data);
    }

    private void sendActiveAssetData(Connection<Subscriptions> c, String user, String coin) {
        try {
            c.send(channel("activeAssetData", info.activeAssetData(user, coin)));
        } catch (BadRequest e) {
            // the coin was checked when subscribing
        }
    }

    private String clearinghouseStateMessage(String user) {
        ObjectNode data = F.objectNode();
        data.put("dex", "");
        data.put("user", user);
        data.set("clearinghouseState", info.clearinghouseState(user));
        return channel("clearinghouseState", data);
    }

    private String openOrdersMessage(String user) {
        ObjectNode data = F.objectNode();
        data.put("dex", "");
        data.put("user", user);
        data.set("orders", info.frontendOpenOrders(user));
        return channel("openOrders", data);
    }

    private ObjectNode webData2(String user) {
        ObjectNode d = F.objectNode();
        d.set("clearinghouseState", info.clearinghouseState(user));
        d.putArray("leadingVaults");
        d.put("totalVaultEquity", "0.0");
        d.set("openOrders", info.frontendOpenOrders(user));
        putAgent(d, user);
        d.put("cumLedger", "0.0");
        d.set("meta", info.meta());
        ArrayNode ctxs = d.putArray("assetCtxs");
        for (HyperliquidSimConfig.Coin coin : sim.markets().coins()) {
            ctxs.add(info.assetCtx(coin, sim.exchange().marks().get(coin.name())));
        }
        d.put("serverTime", sim.clock().millis());
        d.put("isVault", false);
        d.put("user", user);
        d.putArray("twapStates");
        d.putArray("spotAssetCtxs");
        return d;
    }

    private ObjectNode webData3(String user) {
        ObjectNode d = F.objectNode();
        ObjectNode state = d.putObject("userState");
        putAgent(state, user);
        state.put("cumLedger", "0.0");
        state.put("serverTime", sim.clock().millis());
        state.put("isVault", false);
        state.put("user", user);
        d.putArray("perpDexStates").addObject().put("totalVaultEquity", "0.0");
        return d;
    }

    /** The account's unnamed agent, as webData shows it. */
    private void putAgent(ObjectNode d, String user) {
        HyperliquidStore.Agent unnamed = sim.store().agentsOf(user).stream().filter(a -> a.name().isEmpty()).findFirst()
                .orElse(null);
        if (unnamed == null) {
            d.putNull("agentAddress");
            d.putNull("agentValidUntil");
        } else {
            d.put("agentAddress", unnamed.agent());
            if (unnamed.validUntil() == null) {
                d.putNull("agentValidUntil");
            } else {
                d.put("agentValidUntil", unnamed.validUntil());
            }
        }
    }

    private void unsubscribe(Connection<Subscriptions> c, JsonNode s) {
        String id = identifier(s);
        if (id == null || c.state().remove(id) == null) {
            c.send(channel("error", F.textNode("Already unsubscribed: " + (s == null ? "null" : Json.write(s)))));
            return;
        }
        ObjectNode ack = F.objectNode();
        ack.put("method", "unsubscribe");
        ack.set("subscription", s);
        c.send(channel("subscriptionResponse", ack));
    }

    /** {@code {"method":"post","id":N,"request":{"type":"info"|"action","payload":...}}}: a request over the socket. */
    private void post(Connection<Subscriptions> c, JsonNode msg) {
        JsonNode id = msg.get("id");
        JsonNode request = msg.path("request");
        String type = request.path("type").asText("");
        JsonNode payload = request.get("payload");
        ObjectNode response = F.objectNode();
        try {
            if (payload == null || !(type.equals("info") || type.equals("action"))) {
                throw BadRequest.deserialize("missing field `request`");
            }
            if (type.equals("info")) {
                response.put("type", "info");
                ObjectNode p = response.putObject("payload");
                p.put("type", payload.path("type").asText(""));
                p.set("data", sim.info(payload));
            } else {
                response.put("type", "action");
                response.set("payload", sim.exchange(payload));
            }
        } catch (BadRequest e) {
            response.removeAll();
            response.put("type", "error");
            response.put("payload", e.getMessage());
        }
        ObjectNode data = F.objectNode();
        data.set("id", id);
        data.set("response", response);
        c.send(channel("post", data));
    }

    // ------------------------------------------------------------------ events

    @Override
    public void onMark(String coin, BigDecimal mark, long time) {
        String mids = null;
        String book = null;
        for (Connection<Subscriptions> c : conns.all()) {
            if (c.state().containsKey("allMids")) {
                mids = mids != null ? mids : allMidsMessage();
                c.send(mids);
            }
            if (c.state().containsKey("l2Book:" + coin)) {
                book = book != null ? book : channel("l2Book", info.l2Book(coin));
                c.send(book);
            }
            if (c.state().size() > 1 || !c.state().containsKey("allMids")) {
                pushMarketFeeds(c, coin, time);
            }
        }
    }

    /** The per-mark feeds other than allMids and l2Book: candles, bbo, asset contexts, user states. */
    private void pushMarketFeeds(Connection<Subscriptions> c, String coin, long time) {
        for (String id : c.state().keySet()) {
            if (id.startsWith("l2Book:" + coin + ":")) {
                c.send(l2BookMessage(c.state().get(id)));
            } else if (id.equals("bbo:" + coin)) {
                c.send(channel("bbo", bbo(coin)));
            } else if (id.equals("activeAssetCtx:" + coin)) {
                c.send(activeAssetCtxMessage(coin));
            } else if (id.startsWith("candle:" + coin + ":")) {
                ObjectNode candle = info.candleAt(coin, id.substring(id.lastIndexOf(':') + 1), time);
                if (candle != null) {
                    c.send(channel("candle", candle));
                }
            } else if (id.startsWith("activeAssetData:") && id.endsWith(":" + coin)) {
                sendActiveAssetData(c, userOf(id), coin);
            } else if (id.startsWith("clearinghouseState:")) {
                c.send(clearinghouseStateMessage(userOf(id)));
            } else if (id.startsWith("webData2:")) {
                c.send(channel("webData2", webData2(userOf(id))));
            }
        }
    }

    @Override
    public boolean wantsOrders(String account) {
        String key = "orderUpdates:" + account;
        String open = "openOrders:" + account;
        for (Connection<Subscriptions> c : conns.all()) {
            if (c.state().containsKey(key) || c.state().containsKey(open)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onOrder(String account, Order order, ObjectNode update) {
        String key = "orderUpdates:" + account;
        String open = "openOrders:" + account;
        String message = null;
        String openMessage = null;
        for (Connection<Subscriptions> c : conns.all()) {
            if (c.state().containsKey(key)) {
                message = message != null ? message : channel("orderUpdates", F.arrayNode().add(update));
                c.send(message);
            }
            if (c.state().containsKey(open)) {
                openMessage = openMessage != null ? openMessage : openOrdersMessage(account);
                c.send(openMessage);
            }
        }
    }

    @Override
    public void onFill(String account, Fill fill, ObjectNode json) {
        String fillsKey = "userFills:" + account;
        String eventsKey = "userEvents:" + account;
        String tradesKey = "trades:" + fill.symbol();
        for (Connection<Subscriptions> c : conns.all()) {
            if (c.state().containsKey(fillsKey)) {
                ObjectNode data = F.objectNode();
                data.put("user", account);
                data.putArray("fills").add(json);
                c.send(channel("userFills", data));
            }
            if (c.state().containsKey(eventsKey)) {
                ObjectNode data = F.objectNode();
                data.putArray("fills").add(json);
                c.send(channel("user", data));
            }
            if (c.state().containsKey(tradesKey)) {
                c.send(channel("trades", F.arrayNode().add(trade(account, fill, json))));
            }
        }
    }

    @Override
    public void onNonUserCancel(String account, Order order) {
        String key = "userEvents:" + account;
        for (Connection<Subscriptions> c : conns.all()) {
            if (c.state().containsKey(key)) {
                ObjectNode data = F.objectNode();
                ObjectNode cancel = data.putArray("nonUserCancel").addObject();
                cancel.put("coin", order.symbol());
                cancel.put("oid", Shapes.oid(order));
                c.send(channel("user", data));
            }
        }
    }

    @Override
    public void onFunding(String account, HyperliquidStore.Funding f) {
        String fundingsKey = "userFundings:" + account;
        String eventsKey = "userEvents:" + account;
        for (Connection<Subscriptions> c : conns.all()) {
            if (c.state().containsKey(fundingsKey)) {
                ObjectNode data = F.objectNode();
                data.put("user", account);
                data.putArray("fundings").add(fundingEntry(f));
                c.send(channel("userFundings", data));
            }
            if (c.state().containsKey(eventsKey)) {
                ObjectNode data = F.objectNode();
                data.set("funding", fundingEntry(f));
                c.send(channel("user", data));
            }
        }
    }

    private static ObjectNode fundingEntry(HyperliquidStore.Funding f) {
        ObjectNode delta = (ObjectNode) InfoApi.fundingDelta(f).get("delta");
        ObjectNode n = F.objectNode();
        n.put("time", f.time());
        n.put("coin", f.coin());
        n.set("usdc", delta.get("usdc"));
        n.set("szi", delta.get("szi"));
        n.set("fundingRate", delta.get("fundingRate"));
        n.putNull("nSamples");
        return n;
    }

    /** The public trade of a fill; the simulator has no counterparty, so the other side is the zero address. */
    private static ObjectNode trade(String account, Fill fill, ObjectNode json) {
        String none = "0x0000000000000000000000000000000000000000";
        ObjectNode t = F.objectNode();
        t.put("coin", fill.symbol());
        t.put("side", Shapes.side(fill.side()));
        t.put("px", json.get("px").asText());
        t.put("sz", json.get("sz").asText());
        t.put("time", fill.time());
        t.put("hash", json.get("hash").asText());
        t.put("tid", fill.cursor());
        ArrayNode users = t.putArray("users");
        users.add(fill.side() == pog.venue.Side.BUY ? account : none);
        users.add(fill.side() == pog.venue.Side.BUY ? none : account);
        return t;
    }

    private String allMidsMessage() {
        ObjectNode data = F.objectNode();
        data.set("mids", info.allMids());
        return channel("allMids", data);
    }

    private static String channel(String channel, JsonNode data) {
        ObjectNode n = F.objectNode();
        n.put("channel", channel);
        n.set("data", data);
        return Json.write(n);
    }

    @Override
    public void close() {
        conns.close();
        sim.removeListener(this);
    }
}
