package pog.lighter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket {@code /stream}: Lighter's subscribe / unsubscribe / ping / jsonapi/sendtx messages and the channels
 * {@code order_book/{market}} (one level each side at the mark) and {@code account_all/{account}} (orders, trades,
 * positions). Each connection has its own outgoing queue, sent in order by a small pool.
 */
final class WsHub implements LighterSimulator.Events, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WsHub.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_QUEUED = 10_000;

    private final LighterSimulator sim;
    private final Map<String, Conn> conns = new ConcurrentHashMap<>();
    private final AtomicLong offset = new AtomicLong();
    private final ExecutorService senders = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "lighter-sim-ws-send");
        t.setDaemon(true);
        return t;
    });

    WsHub(LighterSimulator sim) {
        this.sim = sim;
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
        JsonNode msg;
        try {
            msg = Json.mapper().readTree(text);
        } catch (Exception e) {
            c.send(error(30001, "Invalid JSON"));
            return;
        }
        String type = msg.path("type").asText("");
        switch (type) {
            case "ping" -> c.send("{\"type\":\"pong\"}");
            case "pong" -> { }
            case "subscribe" -> subscribe(c, msg);
            case "unsubscribe" -> {
                c.channels.remove(msg.path("channel").asText("").replace('/', ':'));
                ObjectNode ack = F.objectNode();
                ack.put("type", "unsubscribed");
                ack.put("channel", msg.path("channel").asText(""));
                c.send(Json.write(ack));
            }
            case "jsonapi/sendtx" -> sendTx(c, msg.path("data"));
            default -> c.send(error(30003, "Invalid Type: " + type));
        }
    }

    private void subscribe(Conn c, JsonNode msg) {
        String channel = msg.path("channel").asText("");
        String[] parts = channel.split("/", -1);
        try {
            if (parts.length == 2 && parts[0].equals("order_book")) {
                LighterSimConfig.Market m = sim.config().market(Integer.parseInt(parts[1]));
                if (m == null) {
                    throw new NumberFormatException();
                }
                c.channels.add("order_book:" + m.marketId());
                c.send(Json.write(book("subscribed/order_book", m, sim.exchange().marks().get(m.symbol()),
                        sim.exchange().markTime(m.symbol()))));
                return;
            }
            if (parts.length == 2 && parts[0].equals("account_all")) {
                long account = Long.parseLong(parts[1]);
                String auth = msg.path("auth").asText(null);
                if (auth != null) {
                    sim.authorize(auth, account);
                }
                c.channels.add("account_all:" + account);
                ObjectNode snap = sim.accountSnapshot(account);
                ObjectNode out = F.objectNode();
                out.put("type", "subscribed/account_all");
                out.put("channel", "account_all:" + account);
                out.put("account", account);
                out.setAll(snap);
                c.send(Json.write(out));
                return;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        } catch (ApiError e) {
            c.send(error(e.code(), e.getMessage()));
            return;
        }
        c.send(error(30005, "Invalid Channel: " + channel));
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

    private ObjectNode book(String type, LighterSimConfig.Market m, BigDecimal mark, long time) {
        long off = offset.incrementAndGet();
        ObjectNode out = F.objectNode();
        out.put("type", type);
        out.put("channel", "order_book:" + m.marketId());
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
        String channel = "order_book:" + market.marketId();
        String text = null;
        for (Conn c : conns.values()) {
            if (c.channels.contains(channel)) {
                if (text == null) {
                    text = Json.write(book("update/order_book", market, mark, time));
                }
                c.send(text);
            }
        }
    }

    @Override
    public void onOrder(long account, ObjectNode order) {
        ObjectNode out = accountUpdate(account);
        out.putObject("orders").putArray(order.path("market_index").asText()).add(order);
        publish(account, out);
    }

    @Override
    public void onTrade(long account, int marketId, ObjectNode trade) {
        ObjectNode out = accountUpdate(account);
        out.putObject("trades").putArray(Integer.toString(marketId)).add(trade);
        publish(account, out);
    }

    private ObjectNode accountUpdate(long account) {
        ObjectNode out = F.objectNode();
        out.put("type", "update/account_all");
        out.put("channel", "account_all:" + account);
        out.put("account", account);
        return out;
    }

    private void publish(long account, ObjectNode msg) {
        String channel = "account_all:" + account;
        String text = null;
        for (Conn c : conns.values()) {
            if (c.channels.contains(channel)) {
                if (text == null) {
                    text = Json.write(msg);
                }
                c.send(text);
            }
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }

    private final class Conn {
        final String id;
        final Session session;
        final Set<String> channels = ConcurrentHashMap.newKeySet();
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
