package pog.hyperliquid.client;

import pog.venue.net.FakeWebSocketServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Verifier;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.Signature;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small in-test Hyperliquid: {@code /info}, {@code /exchange} (signatures recovered and checked against the
 * expected signer, nonces never reused) and {@code /ws}, with the answer shapes of the public API, plus the faults
 * the tests need: 429/5xx answers, an order accepted whose answer is held back, a dropped WebSocket.
 * IOC orders fill at the mid; everything else rests.
 */
final class FakeHyperliquid implements Closeable {
    static final ObjectMapper JSON = HyperliquidRest.JSON;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One order on the fake venue. */
    static final class FakeOrder {
        final long oid;
        final String cloid;
        final JsonNode wire;
        final String coin;
        final long timestamp;
        volatile String status = "open";

        FakeOrder(long oid, String cloid, JsonNode wire, String coin, long timestamp) {
            this.oid = oid;
            this.cloid = cloid;
            this.wire = wire;
            this.coin = coin;
            this.timestamp = timestamp;
        }
    }

    private final HttpServer http;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    final FakeWebSocketServer ws;
    private final Network network;
    private final List<String> coins = List.of("BTC", "ETH");
    final Map<String, String> mids = new ConcurrentHashMap<>(Map.of("BTC", "65000", "ETH", "3200.5"));
    final List<JsonNode> exchangeBodies = new CopyOnWriteArrayList<>();
    final List<JsonNode> infoBodies = new CopyOnWriteArrayList<>();
    final List<FakeOrder> orders = new CopyOnWriteArrayList<>();
    final List<ObjectNode> fills = new CopyOnWriteArrayList<>();
    final List<JsonNode> wsReceived = new CopyOnWriteArrayList<>();
    private final Map<Long, Boolean> nonces = new ConcurrentHashMap<>();
    private final AtomicLong nextOid = new AtomicLong(1000);
    private final AtomicLong nextTid = new AtomicLong(900_000_000_000L);
    private final AtomicInteger infoFailures = new AtomicInteger();
    private final AtomicInteger exchangeFailures = new AtomicInteger();
    private volatile int failStatus = 429;
    private final AtomicReference<CountDownLatch> holdNextExchange = new AtomicReference<>();
    volatile Address expectedSigner;
    volatile boolean answerPings = true;
    volatile long now = 1_700_000_000_000L;
    volatile String user = "0x0000000000000000000000000000000000000000";

    FakeHyperliquid(Network network) throws IOException {
        this.network = network;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.setExecutor(pool);
        http.createContext("/info", ex -> handle(ex, true));
        http.createContext("/exchange", ex -> handle(ex, false));
        http.start();
        this.ws = new FakeWebSocketServer(this::onWsText, "Websocket connection established.");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + ws.port() + "/ws";
    }

    /** The next {@code count} info requests answer {@code status} without being processed. */
    void failInfo(int count, int status) {
        failStatus = status;
        infoFailures.set(count);
    }

    void failExchange(int count, int status) {
        failStatus = status;
        exchangeFailures.set(count);
    }

    /** The next exchange request is processed, but its answer waits until the returned latch is released. */
    CountDownLatch holdNextExchangeAnswer() {
        CountDownLatch latch = new CountDownLatch(1);
        holdNextExchange.set(latch);
        return latch;
    }

    List<JsonNode> exchangeActions(String type) {
        return exchangeBodies.stream().filter(b -> type.equals(b.path("action").path("type").asText())).toList();
    }

    List<FakeOrder> ordersWithCloid(String cloid) {
        return orders.stream().filter(o -> cloid.equals(o.cloid)).toList();
    }

    /** A fill of {@code size} at {@code px} as the venue would record it (not pushed anywhere). */
    ObjectNode addFill(String coin, String side, String px, String size, long oid, long time) {
        ObjectNode f = F.objectNode();
        f.put("coin", coin);
        f.put("px", px);
        f.put("sz", size);
        f.put("side", side);
        f.put("time", time);
        f.put("startPosition", "0.0");
        f.put("dir", "B".equals(side) ? "Open Long" : "Open Short");
        f.put("closedPnl", "0.0");
        f.put("hash", "0x" + "ab".repeat(32));
        f.put("oid", oid);
        f.put("crossed", true);
        f.put("fee", "0.01");
        f.put("tid", nextTid.incrementAndGet());
        f.put("feeToken", "USDC");
        fills.add(f);
        return f;
    }

    void pushFills(List<ObjectNode> list) {
        ObjectNode data = F.objectNode();
        data.put("user", user);
        ArrayNode arr = data.putArray("fills");
        list.forEach(arr::add);
        ws.broadcast(HyperliquidRest.write(F.objectNode().put("channel", "userFills").set("data", data)));
    }

    @Override
    public void close() throws IOException {
        CountDownLatch held = holdNextExchange.getAndSet(null);
        if (held != null) {
            held.countDown();
        }
        http.stop(0);
        pool.shutdownNow();
        ws.close();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex, boolean info) throws IOException {
        try (ex) {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            AtomicInteger failures = info ? infoFailures : exchangeFailures;
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(ex, failStatus, failStatus == 429 ? "null" : "internal error");
                return;
            }
            if (info) {
                infoBodies.add(body);
                reply(ex, 200, HyperliquidRest.write(info(body)));
                return;
            }
            exchangeBodies.add(body);
            JsonNode answer = exchange(body);
            CountDownLatch hold = holdNextExchange.getAndSet(null);
            if (hold != null) {
                hold.await(30, TimeUnit.SECONDS);
            }
            reply(ex, 200, HyperliquidRest.write(answer));
        } catch (Exception e) {
            reply(ex, 500, "fake failed: " + e);
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private JsonNode info(JsonNode req) {
        switch (req.path("type").asText()) {
            case "meta" -> {
                ObjectNode meta = F.objectNode();
                ArrayNode u = meta.putArray("universe");
                u.addObject().put("szDecimals", 5).put("name", "BTC").put("maxLeverage", 40);
                u.addObject().put("szDecimals", 4).put("name", "ETH").put("maxLeverage", 25);
                return meta;
            }
            case "allMids" -> {
                ObjectNode m = F.objectNode();
                coins.forEach(c -> m.put(c, mids.get(c)));
                m.put("@1", "1.0");
                return m;
            }
            case "frontendOpenOrders" -> {
                ArrayNode arr = F.arrayNode();
                orders.stream().filter(o -> o.status.equals("open")).forEach(o -> arr.add(frontend(o)));
                return arr;
            }
            case "orderStatus" -> {
                JsonNode oid = req.path("oid");
                FakeOrder found = orders.stream()
                        .filter(o -> oid.isTextual() ? oid.asText().equalsIgnoreCase(o.cloid) : oid.asLong() == o.oid)
                        .findFirst().orElse(null);
                if (found == null) {
                    return F.objectNode().put("status", "unknownOid");
                }
                ObjectNode answer = F.objectNode().put("status", "order");
                ObjectNode wrapper = answer.putObject("order");
                wrapper.set("order", frontend(found));
                wrapper.put("status", found.status);
                wrapper.put("statusTimestamp", now);
                return answer;
            }
            case "userFillsByTime" -> {
                long start = req.path("startTime").asLong();
                ArrayNode arr = F.arrayNode();
                fills.stream().filter(f -> f.path("time").asLong() >= start).forEach(arr::add);
                return arr;
            }
            case "clearinghouseState" -> {
                ObjectNode s = F.objectNode();
                ArrayNode aps = s.putArray("assetPositions");
                ObjectNode p = aps.addObject();
                ObjectNode pos = p.putObject("position");
                pos.put("coin", "BTC").put("szi", "-0.01").put("entryPx", "64000.0");
                pos.putObject("leverage").put("type", "cross").put("value", 20);
                pos.put("liquidationPx", "120000.5").put("marginUsed", "32.5").put("positionValue", "650.0");
                pos.put("returnOnEquity", "-0.3").put("unrealizedPnl", "-10.0");
                p.put("type", "oneWay");
                ObjectNode summary = F.objectNode().put("accountValue", "1000.5").put("totalMarginUsed", "32.5")
                        .put("totalNtlPos", "650.0").put("totalRawUsd", "1660.5");
                s.set("marginSummary", summary);
                s.set("crossMarginSummary", summary.deepCopy());
                s.put("withdrawable", "968.0");
                s.put("time", now);
                return s;
            }
            default -> {
                return F.objectNode().put("error", "unknown info type");
            }
        }
    }

    private ObjectNode frontend(FakeOrder o) {
        JsonNode w = o.wire;
        JsonNode trigger = w.path("t").path("trigger");
        boolean isTrigger = !trigger.isMissingNode();
        ObjectNode f = F.objectNode();
        f.put("coin", o.coin);
        f.put("side", w.path("b").asBoolean() ? "B" : "A");
        f.put("limitPx", w.path("p").asText());
        f.put("sz", "filled".equals(o.status) ? "0.0" : w.path("s").asText());
        f.put("oid", o.oid);
        f.put("timestamp", o.timestamp);
        f.put("triggerCondition", isTrigger ? "Price below " + trigger.path("triggerPx").asText() : "N/A");
        f.put("isTrigger", isTrigger);
        f.put("triggerPx", isTrigger ? trigger.path("triggerPx").asText() : "0.0");
        f.putArray("children");
        f.put("isPositionTpsl", false);
        f.put("reduceOnly", w.path("r").asBoolean());
        f.put("orderType", isTrigger ? ("sl".equals(trigger.path("tpsl").asText()) ? "Stop Market"
                : "Take Profit Market") : "Limit");
        f.put("origSz", w.path("s").asText());
        if (isTrigger) {
            f.putNull("tif");
        } else {
            f.put("tif", w.path("t").path("limit").path("tif").asText());
        }
        if (o.cloid != null) {
            f.put("cloid", o.cloid);
        } else {
            f.putNull("cloid");
        }
        return f;
    }

    private JsonNode exchange(JsonNode body) {
        L1Action action = L1Action.fromRequestBody(body);
        Address signer = L1Verifier.recover(action, network, Signature.fromJson(body.get("signature"))).orElse(null);
        if (signer == null || !signer.equals(expectedSigner)) {
            return err("User or API Wallet " + signer + " does not exist.");
        }
        if (action.expiresAfter() != null && action.expiresAfter() < now) {
            return err("Action expired.");
        }
        if (nonces.putIfAbsent(action.nonce(), true) != null) {
            return err("Invalid nonce: duplicate nonce");
        }
        JsonNode a = action.action();
        switch (a.path("type").asText()) {
            case "order" -> {
                ArrayNode statuses = F.arrayNode();
                for (JsonNode w : a.path("orders")) {
                    String coin = coins.get(w.path("a").asInt());
                    String cloid = w.hasNonNull("c") ? w.get("c").asText() : null;
                    FakeOrder o = new FakeOrder(nextOid.incrementAndGet(), cloid, w, coin, now);
                    orders.add(o);
                    if ("Ioc".equals(w.path("t").path("limit").path("tif").asText())) {
                        o.status = "filled";
                        String px = mids.get(coin);
                        ObjectNode fill = addFill(coin, w.path("b").asBoolean() ? "B" : "A", px, w.path("s").asText(),
                                o.oid, now);
                        pushFills(List.of(fill));
                        statuses.addObject().putObject("filled").put("totalSz", w.path("s").asText())
                                .put("avgPx", px).put("oid", o.oid);
                    } else {
                        statuses.addObject().putObject("resting").put("oid", o.oid);
                    }
                }
                return ok("order", statuses);
            }
            case "cancelByCloid" -> {
                ArrayNode statuses = F.arrayNode();
                for (JsonNode c : a.path("cancels")) {
                    FakeOrder o = orders.stream().filter(x -> c.path("cloid").asText().equalsIgnoreCase(x.cloid)
                            && x.status.equals("open")).findFirst().orElse(null);
                    if (o == null) {
                        statuses.addObject().put("error", "Order was never placed, already canceled, or filled. asset="
                                + c.path("asset").asInt());
                    } else {
                        o.status = "canceled";
                        statuses.add("success");
                    }
                }
                return ok("cancel", statuses);
            }
            case "cancel" -> {
                ArrayNode statuses = F.arrayNode();
                for (JsonNode c : a.path("cancels")) {
                    FakeOrder o = orders.stream().filter(x -> x.oid == c.path("o").asLong() && x.status.equals("open"))
                            .findFirst().orElse(null);
                    if (o == null) {
                        statuses.addObject().put("error", "Order was never placed, already canceled, or filled. asset="
                                + c.path("a").asInt());
                    } else {
                        o.status = "canceled";
                        statuses.add("success");
                    }
                }
                return ok("cancel", statuses);
            }
            case "batchModify" -> {
                ArrayNode statuses = F.arrayNode();
                for (JsonNode m : a.path("modifies")) {
                    JsonNode id = m.path("oid");
                    FakeOrder old = orders.stream().filter(x -> x.status.equals("open")
                            && (id.isTextual() ? id.asText().equalsIgnoreCase(x.cloid) : id.asLong() == x.oid))
                            .findFirst().orElse(null);
                    if (old == null) {
                        statuses.addObject().put("error", "Cannot modify canceled or filled order");
                        continue;
                    }
                    old.status = "canceled";
                    JsonNode w = m.path("order");
                    FakeOrder o = new FakeOrder(nextOid.incrementAndGet(), w.hasNonNull("c") ? w.get("c").asText()
                            : old.cloid, w, coins.get(w.path("a").asInt()), now);
                    orders.add(o);
                    statuses.addObject().putObject("resting").put("oid", o.oid);
                }
                return ok("order", statuses);
            }
            case "updateLeverage", "scheduleCancel" -> {
                ObjectNode answer = F.objectNode().put("status", "ok");
                answer.putObject("response").put("type", "default");
                return answer;
            }
            default -> {
                return err("unknown action");
            }
        }
    }

    private static ObjectNode ok(String type, ArrayNode statuses) {
        ObjectNode answer = F.objectNode().put("status", "ok");
        ObjectNode response = answer.putObject("response");
        response.put("type", type);
        response.putObject("data").set("statuses", statuses);
        return answer;
    }

    private static ObjectNode err(String message) {
        return F.objectNode().put("status", "err").put("response", message);
    }

    // ---------------------------------------------------------------- WebSocket

    private void onWsText(FakeWebSocketServer.Connection c, String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            c.send("{\"channel\":\"error\",\"data\":\"Invalid JSON\"}");
            return;
        }
        wsReceived.add(msg);
        switch (msg.path("method").asText()) {
            case "ping" -> {
                if (answerPings) {
                    c.send("{\"channel\":\"pong\"}");
                }
            }
            case "subscribe" -> {
                ObjectNode answer = F.objectNode().put("channel", "subscriptionResponse");
                answer.set("data", msg);
                c.send(HyperliquidRest.write(answer));
                if ("userFills".equals(msg.path("subscription").path("type").asText())) {
                    // Hyperliquid opens a userFills subscription with a snapshot of recent fills.
                    ObjectNode data = F.objectNode().put("user", user).put("isSnapshot", true);
                    ArrayNode arr = data.putArray("fills");
                    fills.forEach(arr::add);
                    c.send(HyperliquidRest.write(F.objectNode().put("channel", "userFills").set("data", data)));
                }
            }
            default -> c.send("{\"channel\":\"error\",\"data\":\"unknown method\"}");
        }
    }

    List<JsonNode> subscriptionsReceived() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : wsReceived) {
            if ("subscribe".equals(m.path("method").asText())) {
                out.add(m.path("subscription"));
            }
        }
        return out;
    }

    static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }
}
