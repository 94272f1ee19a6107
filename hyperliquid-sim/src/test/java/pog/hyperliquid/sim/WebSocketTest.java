package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.common.json.Json;
import pog.hyperliquid.wire.Tif;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static pog.hyperliquid.sim.SimHarness.BTC;

class WebSocketTest extends HyperliquidSimTest {
    Client ws;

    @BeforeEach
    void start() {
        ws = new Client(h);
    }

    @AfterEach
    void stop() {
        ws.close();
    }

    /** A java.net.http WebSocket that records every text message. */
    static final class Client implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        Client(SimHarness h) {
            socket = h.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + h.server.port() + "/ws"),
                    this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.set(true);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.set(true);
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        List<JsonNode> channel(String channel) {
            return texts.stream().filter(t -> t.startsWith("{")).map(WebSocketTest::parse)
                    .filter(n -> channel.equals(n.path("channel").asText())).toList();
        }

        void close() {
            if (!closed.get()) {
                socket.abort();
            }
        }
    }

    static JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private void awaitChannel(String channel, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.channel(channel).size() >= count);
    }

    @Test
    void greetsThenAcksASubscriptionAndPushesAllMids() {
        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"allMids\"}}");
        awaitChannel("allMids", 1);
        assertThat(ws.texts.get(0)).isEqualTo("Websocket connection established.");
        assertThat(ws.channel("subscriptionResponse").get(0).toString()).isEqualTo(
                "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"subscribe\",\"subscription\":"
                        + "{\"type\":\"allMids\"}}}");
        assertThat(ws.channel("allMids").get(0).at("/data/mids/BTC").asText()).isEqualTo("60000.0");

        h.jump("BTC", "60123");

        await().atMost(Duration.ofSeconds(5)).until(() -> ws.channel("allMids").stream()
                .anyMatch(m -> m.at("/data/mids/BTC").asText().equals("60123.0")));
    }

    @Test
    void userFillsStartsWithASnapshotThenPushesEachFill() {
        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"userFills\",\"user\":\"" + h.alice() + "\"}}");
        awaitChannel("userFills", 1);
        JsonNode snapshot = ws.channel("userFills").get(0).get("data");
        assertThat(snapshot.get("isSnapshot").asBoolean()).isTrue();
        assertThat(snapshot.get("user").asText()).isEqualTo(h.alice());
        assertThat(snapshot.get("fills").size()).isZero();

        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.001", Tif.IOC, "ws-fill"));

        awaitChannel("userFills", 2);
        JsonNode update = ws.channel("userFills").get(1).get("data");
        assertThat(update.has("isSnapshot")).isFalse();
        JsonNode fill = update.get("fills").get(0);
        assertThat(fill.get("coin").asText()).isEqualTo("BTC");
        assertThat(fill.get("side").asText()).isEqualTo("B");
        assertThat(fill.get("px").asText()).isEqualTo("60001.0");
        assertThat(fill.get("dir").asText()).isEqualTo("Open Long");
        assertThat(fill.get("cloid").asText()).startsWith("0x");
    }

    @Test
    void orderUpdatesUserEventsAndTradesFollowAnOrder() {
        String user = h.alice();
        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"orderUpdates\",\"user\":\"" + user + "\"}}");
        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"userEvents\",\"user\":\"" + user + "\"}}");
        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"trades\",\"coin\":\"BTC\"}}");
        awaitChannel("subscriptionResponse", 3);

        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.001", Tif.IOC, null));

        awaitChannel("trades", 1);
        awaitChannel("user", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.channel("orderUpdates").stream()
                .anyMatch(m -> m.at("/data/0/status").asText().equals("filled")));
        JsonNode trade = ws.channel("trades").get(0).at("/data/0");
        assertThat(trade.get("users").get(0).asText()).isEqualTo(user);
        assertThat(ws.channel("user").get(0).at("/data/fills/0/coin").asText()).isEqualTo("BTC");
    }

    @Test
    void l2BookSnapshotHasValidLevelsOnBothSides() {
        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"ETH\"}}");
        awaitChannel("l2Book", 1);
        JsonNode book = ws.channel("l2Book").get(0).get("data");
        assertThat(book.get("coin").asText()).isEqualTo("ETH");
        assertThat(book.at("/levels/0").size()).isEqualTo(20);
        assertThat(book.at("/levels/0/0/px").asText()).isEqualTo("2999.9");
        assertThat(book.at("/levels/1/0/px").asText()).isEqualTo("3000.1");
    }

    @Test
    void pingPongUnsubscribeAndErrors() {
        ws.send("{\"method\":\"ping\"}");
        awaitChannel("pong", 1);
        assertThat(ws.channel("pong").get(0).toString()).isEqualTo("{\"channel\":\"pong\"}");

        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"allMids\"}}");
        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"allMids\"}}");
        ws.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"DOGE\"}}");
        awaitChannel("error", 2);
        assertThat(ws.channel("error").get(0).get("data").asText()).startsWith("Already subscribed: ");
        assertThat(ws.channel("error").get(1).get("data").asText()).startsWith("Invalid subscription ");

        ws.send("{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"allMids\"}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.channel("subscriptionResponse").stream()
                .anyMatch(m -> m.at("/data/method").asText().equals("unsubscribe")));
        int mids = ws.channel("allMids").size();
        h.jump("BTC", "60500");
        ws.send("{\"method\":\"ping\"}");
        awaitChannel("pong", 2);
        assertThat(ws.channel("allMids")).hasSize(mids);
    }

    @Test
    void postCarriesInfoAndActionRequests() {
        ws.send("{\"method\":\"post\",\"id\":7,\"request\":{\"type\":\"info\",\"payload\":{\"type\":\"allMids\"}}}");
        awaitChannel("post", 1);
        JsonNode post = ws.channel("post").get(0).get("data");
        assertThat(post.get("id").asInt()).isEqualTo(7);
        assertThat(post.at("/response/type").asText()).isEqualTo("info");
        assertThat(post.at("/response/payload/data/ETH").asText()).isEqualTo("3000.0");
    }

    @Test
    void adminDropsEveryWebSocket() {
        ws.send("{\"method\":\"ping\"}");
        awaitChannel("pong", 1);
        assertThat(h.server.webSocketConnections()).isEqualTo(1);
        SimHarness.Answer a = h.post("/admin/faults", "{\"dropWebSockets\":true}");
        assertThat(a.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilTrue(ws.closed);
        assertThat(h.server.webSocketConnections()).isZero();
    }
}
