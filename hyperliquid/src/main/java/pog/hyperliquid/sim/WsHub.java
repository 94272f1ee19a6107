package pog.hyperliquid.sim;

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
import pog.venue.Fill;
import pog.venue.Order;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket {@code /ws}: Hyperliquid's subscribe / unsubscribe / ping / post protocol, and the channels allMids,
 * l2Book, trades, orderUpdates, userFills and user (userEvents). Each connection has its own outgoing queue, sent in
 * order by a small pool of sending threads. A reader that falls 10,000 messages behind, or leaves one send
 * unfinished for 10 s, is dropped (until then it occupies one sending thread).
 */
final class WsHub implements SimEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WsHub.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_QUEUED = 10_000;
    static final String GREETING = "Websocket connection established.";

    private final HlSimulator sim;
    private final InfoApi info;
    private final Map<String, Conn> conns = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "hl-sim-ws-send");
        t.setDaemon(true);
        return t;
    });

    WsHub(HlSimulator sim) {
        this.sim = sim;
        this.info = new InfoApi(sim);
    }

    // ------------------------------------------------------------------ connections

    void onConnect(WsContext ctx) {
        Conn c = conns.computeIfAbsent(ctx.sessionId(), id -> new Conn(id, ctx.session));
        log.info("event=ws_open id={} open={}", c.id, conns.size());
        c.send(GREETING);
    }

    void onClose(WsContext ctx) {
        Conn c = conns.remove(ctx.sessionId());
        if (c != null) {
            log.info("event=ws_closed id={} open={}", c.id, conns.size());
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
        JsonNode msg;
        try {
            msg = Json.mapper().readTree(text);
        } catch (Exception e) {
            c.send(channel("error", F.textNode("Error parsing JSON into valid websocket request: " + text)));
            return;
        }
        String method = msg.path("method").asText("");
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

    /** The key a subscription is known by (user and coin lower-cased, as the venue treats them), or null. */
    private static String identifier(JsonNode s) {
        if (s == null || !s.isObject()) {
            return null;
        }
        String type = s.path("type").asText("");
        String coin = s.path("coin").asText("");
        String user = s.path("user").asText("").toLowerCase();
        boolean validUser = user.matches("0x[0-9a-f]{40}");
        return switch (type) {
            case "allMids" -> "allMids";
            case "l2Book" -> coin.isEmpty() ? null : "l2Book:" + coin;
            case "trades" -> coin.isEmpty() ? null : "trades:" + coin;
            case "orderUpdates" -> validUser ? "orderUpdates:" + user : null;
            case "userFills" -> validUser ? "userFills:" + user : null;
            case "userEvents", "user" -> validUser ? "userEvents:" + user : null;
            default -> null;
        };
    }

    private void subscribe(Conn c, JsonNode s) {
        String id = identifier(s);
        if (id == null || (id.contains(":") && !id.startsWith("orderUpdates") && !id.startsWith("user")
                && sim.markets().byName(id.substring(id.indexOf(':') + 1)) == null)) {
            c.send(channel("error", F.textNode("Invalid subscription " + (s == null ? "null" : Json.write(s)))));
            return;
        }
        if (c.subs.putIfAbsent(id, s) != null) {
            c.send(channel("error", F.textNode("Already subscribed: " + Json.write(s))));
            return;
        }
        ObjectNode ack = F.objectNode();
        ack.put("method", "subscribe");
        ack.set("subscription", s);
        c.send(channel("subscriptionResponse", ack));
        log.info("event=ws_subscribe id={} subscription={}", c.id, id);
        // The venue follows some subscriptions with the current state at once.
        if (id.equals("allMids")) {
            c.send(allMidsMessage());
        } else if (id.startsWith("l2Book:")) {
            c.send(channel("l2Book", info.l2Book(id.substring(7))));
        } else if (id.startsWith("userFills:")) {
            String user = id.substring("userFills:".length());
            ObjectNode data = F.objectNode();
            data.put("isSnapshot", true);
            data.put("user", user);
            ArrayNode fills = data.putArray("fills");
            // An address that is no account has no fills (and asking creates nothing).
            var all = sim.knownForInfo(user) ? sim.fillsWithStart(user) : java.util.List.<ObjectNode>of();
            for (int i = all.size() - 1; i >= 0 && fills.size() < 2000; i--) {
                fills.add(all.get(i));
            }
            c.send(channel("userFills", data));
        } else if (id.startsWith("orderUpdates:") || id.startsWith("userEvents:")) {
            sim.knownForInfo(id.substring(id.indexOf(':') + 1)); // the faucet, when on, funds on first sight
        }
    }

    private void unsubscribe(Conn c, JsonNode s) {
        String id = identifier(s);
        if (id == null || c.subs.remove(id) == null) {
            c.send(channel("error", F.textNode("Already unsubscribed: " + (s == null ? "null" : Json.write(s)))));
            return;
        }
        ObjectNode ack = F.objectNode();
        ack.put("method", "unsubscribe");
        ack.set("subscription", s);
        c.send(channel("subscriptionResponse", ack));
    }

    /** {@code {"method":"post","id":N,"request":{"type":"info"|"action","payload":...}}}: a request over the socket. */
    private void post(Conn c, JsonNode msg) {
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
        for (Conn c : conns.values()) {
            if (c.subs.containsKey("allMids")) {
                mids = mids != null ? mids : allMidsMessage();
                c.send(mids);
            }
            if (c.subs.containsKey("l2Book:" + coin)) {
                book = book != null ? book : channel("l2Book", info.l2Book(coin));
                c.send(book);
            }
        }
    }

    @Override
    public boolean wantsOrders(String account) {
        String key = "orderUpdates:" + account;
        for (Conn c : conns.values()) {
            if (c.subs.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onOrder(String account, Order order, ObjectNode update) {
        String key = "orderUpdates:" + account;
        String message = null;
        for (Conn c : conns.values()) {
            if (c.subs.containsKey(key)) {
                message = message != null ? message : channel("orderUpdates", F.arrayNode().add(update));
                c.send(message);
            }
        }
    }

    @Override
    public void onFill(String account, Fill fill, ObjectNode json) {
        String fillsKey = "userFills:" + account;
        String eventsKey = "userEvents:" + account;
        String tradesKey = "trades:" + fill.symbol();
        for (Conn c : conns.values()) {
            if (c.subs.containsKey(fillsKey)) {
                ObjectNode data = F.objectNode();
                data.put("user", account);
                data.putArray("fills").add(json);
                c.send(channel("userFills", data));
            }
            if (c.subs.containsKey(eventsKey)) {
                ObjectNode data = F.objectNode();
                data.putArray("fills").add(json);
                c.send(channel("user", data));
            }
            if (c.subs.containsKey(tradesKey)) {
                c.send(channel("trades", F.arrayNode().add(trade(account, fill, json))));
            }
        }
    }

    @Override
    public void onNonUserCancel(String account, Order order) {
        String key = "userEvents:" + account;
        for (Conn c : conns.values()) {
            if (c.subs.containsKey(key)) {
                ObjectNode data = F.objectNode();
                ObjectNode cancel = data.putArray("nonUserCancel").addObject();
                cancel.put("coin", order.symbol());
                cancel.put("oid", Shapes.oid(order));
                c.send(channel("user", data));
            }
        }
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
        for (Conn c : conns.values()) {
            c.session.close();
        }
        conns.clear();
        senders.shutdownNow();
        try {
            senders.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One client: its subscriptions and its outgoing queue, sent one message at a time. */
    private final class Conn {
        final String id;
        final Session session;
        final Map<String, JsonNode> subs = new ConcurrentHashMap<>();
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean draining;

        Conn(String id, Session session) {
            this.id = id;
            this.session = session;
        }

        void send(String text) {
            synchronized (this) {
                if (queue.size() >= MAX_QUEUED) {
                    log.warn("event=ws_slow_consumer id={} queued={} action=drop", id, queue.size());
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
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                if (!session.isOpen()) {
                    synchronized (this) {
                        queue.clear();
                        draining = false;
                    }
                    return;
                }
                Callback.Completable done = new Callback.Completable();
                session.sendText(next, done);
                try {
                    done.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.info("event=ws_send_failed id={} error={}", id, e.toString());
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
