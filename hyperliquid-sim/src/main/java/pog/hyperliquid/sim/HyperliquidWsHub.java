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
 * the idle rule, the client's address) are the shared {@link WsConnections}; this hub keeps the protocol and the
 * venue's limits per IP across connections ({@link WsIpLimits}): connections (the front refuses the upgrade),
 * subscriptions, users, messages a minute and posts in flight. Refusals are the {@code error} channel with the
 * venue's observed texts (reported by the TS SDK's maintainer, nktkas/hyperliquid#78): "Cannot subscribe to more
 * than 1000 channels.", "Cannot track more than 10 total users.", "Cannot send more than 2000 messages per
 * minute.", "too many pending post requests id=N".
 */
final class HyperliquidWsHub implements SimEvents, SimHttp.Socket<HyperliquidWsHub.Subscriptions>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HyperliquidWsHub.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String GREETING = "Websocket connection established.";
    /** Docs (Timeouts and heartbeats): a connection the client sent nothing on for 60 s is closed. */
    static final Duration IDLE_CLOSE = Duration.ofSeconds(60);

    /** A connection's subscriptions, by the key {@link #identifier} gives them, with the subscription as sent. */
    static final class Subscriptions extends ConcurrentHashMap<String, JsonNode> {
    }

    private final HyperliquidSimulator sim;
    private final InfoApi info;
    private final WsConnections<Subscriptions> conns;
    private final WsIpLimits limits;

    HyperliquidWsHub(HyperliquidSimulator sim) {
        this.sim = sim;
        this.info = new InfoApi(sim);
        HyperliquidSimConfig.WsLimits venue = sim.config().wsLimits();
        this.limits = new WsIpLimits(venue, sim.clock());
        this.conns = new WsConnections<>("hl-sim", 4, sim.clock(),
                new WsConnections.Idle(IDLE_CLOSE, "no message from the client for 60 s", null), Subscriptions::new)
                .maxPerAddress(venue.connections());
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
        if (!limits.message(c.address())) {
            // Docs: 2000 messages a minute per IP; the message is not handled (whether the venue also closes the
            // connection is not confirmed: it is left open here).
            log.info("event=ws_message_limit id={} address={}", c.id(), c.address());
            c.send(channel("error", F.textNode("Cannot send more than " + limits.limits().messagesPerMinute()
                    + " messages per minute.")));
            return;
        }
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
        String refusal = admit(c, id, s);
        if (refusal != null) {
            c.send(channel("error", F.textNode(refusal)));
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

    /**
     * Adds subscription {@code id} to {@code c} unless a limit of its IP refuses it: the refusal's text, or null
     * once added. Counted under the IP's lock, across the IP's connections.
     */
    private String admit(Connection<Subscriptions> c, String id, JsonNode s) {
        HyperliquidSimConfig.WsLimits max = limits.limits();
        synchronized (limits.lock(c.address())) {
            if (c.state().containsKey(id)) {
                return "Already subscribed: " + Json.write(s);
            }
            int subscriptions = 0;
            Set<String> users = new java.util.HashSet<>();
            java.util.List<Connection<Subscriptions>> same = conns.from(c.address());
            if (!same.contains(c)) {
                same.add(c); // dropped meanwhile: its subscriptions still count for this answer
            }
            for (Connection<Subscriptions> other : same) {
                subscriptions += other.state().size();
                for (String key : other.state().keySet()) {
                    String user = userOfSubscription(key);
                    if (user != null) {
                        users.add(user);
                    }
                }
            }
            if (max.subscriptions() != 0 && subscriptions >= max.subscriptions()) {
                log.info("event=ws_subscription_limit id={} address={} subscriptions={}", c.id(), c.address(),
                        subscriptions);
                return "Cannot subscribe to more than " + max.subscriptions() + " channels.";
            }
            String user = userOfSubscription(id);
            if (max.users() != 0 && user != null && !users.contains(user) && users.size() >= max.users()) {
                log.info("event=ws_user_limit id={} address={} users={}", c.id(), c.address(), users.size());
                return "Cannot track more than " + max.users() + " total users.";
            }
            c.state().put(id, s);
            return null;
        }
    }

    /** The user a subscription key names, or null for a market feed. */
    private static String userOfSubscription(String id) {
        int colon = id.indexOf(':');
        String type = colon < 0 ? id : id.substring(0, colon);
        return USER_FEEDS.contains(type) || type.equals("activeAssetData") ? userOf(id) : null;
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
        if (!limits.postStarted(c.address())) {
            // Docs: at most 100 posts in flight per IP. Each connection's posts are answered in order before its
            // next message is read, so with the connection cap at 100 this is reached only when that is raised.
            c.send(channel("error", F.textNode("too many pending post requests id=" + (id == null ? "null"
                    : id.asText()))));
            return;
        }
        try {
            answerPost(c, msg, id);
        } finally {
            limits.postAnswered(c.address());
        }
    }

    private void answerPost(Connection<Subscriptions> c, JsonNode msg, JsonNode id) {
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
