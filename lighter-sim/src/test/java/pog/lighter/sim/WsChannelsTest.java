package pog.lighter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.tx.SignedTx;

import java.math.BigDecimal;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static pog.lighter.sim.SimHarness.ETH;
import static pog.lighter.sim.SimHarness.limit;
import static pog.lighter.sim.SimHarness.market;

/**
 * Lighter's WebSocket channels as its docs describe them: each answers {@code subscribed/<name>} with a snapshot,
 * then {@code update/<name>}; the account's order channels need its auth token; a second subscribe, an unsubscribe
 * of a channel one is not in and an unknown channel are refused in words; a silent connection is closed.
 */
class WsChannelsTest extends LighterSimTest {
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket ws;

    @BeforeEach
    void start() throws Exception {
        h.register();
        ws = h.stream(received, closed);
        await().until(() -> first(m -> "connected".equals(m.path("type").asText())) != null);
    }

    @AfterEach
    void stop() {
        ws.abort();
    }

    private JsonNode first(Predicate<JsonNode> p) {
        return received.stream().filter(p).findFirst().orElse(null);
    }

    private JsonNode awaitType(String type, String channel) {
        Predicate<JsonNode> p = m -> type.equals(m.path("type").asText()) && channel.equals(m.path("channel").asText());
        await().until(() -> first(p) != null);
        return first(p);
    }

    private JsonNode awaitError(int code) {
        Predicate<JsonNode> p = m -> m.path("error").path("code").asInt() == code;
        await().until(() -> first(p) != null);
        JsonNode e = first(p);
        received.remove(e);
        return e.path("error");
    }

    private void send(String text) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    private void subscribe(String channel, String auth) throws Exception {
        send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"" + (auth == null ? "" : ",\"auth\":\"" + auth
                + "\"") + "}");
    }

    @Test
    void marketChannelsGiveASnapshotThenUpdates() throws Exception {
        subscribe("market_stats/0", null);
        subscribe("market_stats/all", null);
        subscribe("trade/0", null);
        subscribe("height", null);
        JsonNode stats = awaitType("subscribed/market_stats", "market_stats:0");
        assertThat(stats.path("market_stats").path("mark_price").asText()).isEqualTo("3000.00");
        assertThat(stats.path("market_stats").path("market_id").asInt()).isZero();
        JsonNode all = awaitType("subscribed/market_stats", "market_stats:all");
        assertThat(all.path("market_stats").path("1").path("market_id").asInt()).isEqualTo(1);
        assertThat(awaitType("subscribed/trade", "trade:0").path("trades")).isEmpty();
        long height = awaitType("subscribed/height", "height").path("height").asLong();

        h.sim().exchange().jump("ETH", new BigDecimal("3100"));
        await().untilAsserted(() -> assertThat(received).anySatisfy(m -> {
            assertThat(m.path("type").asText()).isEqualTo("update/market_stats");
            assertThat(m.path("channel").asText()).isEqualTo("market_stats:0");
            assertThat(m.path("market_stats").path("mark_price").asText()).isEqualTo("3100.00");
        }));

        h.send(market(ETH, 5, 1000, 330000, false));
        JsonNode trade = awaitType("update/trade", "trade:0");
        assertThat(trade.path("trades").path(0).path("size").asText()).isEqualTo("0.1000");
        assertThat(trade.path("trades").path(0).has("realized_pnl")).as("no account's own figures in public").isFalse();
        assertThat(awaitType("update/height", "height").path("height").asLong()).isEqualTo(height + 1);

        // a later subscriber gets the trade in its snapshot
        send("{\"type\":\"unsubscribe\",\"channel\":\"trade/0\"}");
        awaitType("unsubscribed", "trade/0");
        received.removeIf(m -> "subscribed/trade".equals(m.path("type").asText()));
        subscribe("trade/0", null);
        assertThat(awaitType("subscribed/trade", "trade:0").path("trades")).hasSize(1);
    }

    @Test
    void orderChannelsNeedTheAccountsAuthToken() throws Exception {
        subscribe("account_orders/0/7", null);
        assertThat(awaitError(20013).path("message").asText()).isEqualTo("invalid auth: missing auth token");
        subscribe("account_all_orders/7", "1:7:3:00");
        assertThat(awaitError(20013).path("message").asText()).contains("expired");

        h.send(limit(ETH, 21, 1000, 290000, false));
        subscribe("account_orders/0/7", h.auth());
        JsonNode snap = awaitType("subscribed/account_orders", "account_orders:0");
        assertThat(snap.path("account").asLong()).isEqualTo(7);
        assertThat(snap.path("orders").path("0")).singleElement()
                .satisfies(o -> assertThat(o.path("client_order_index").asLong()).isEqualTo(21));
        subscribe("account_all_orders/7", h.auth());
        assertThat(awaitType("subscribed/account_all_orders", "account_all_orders:7").path("orders").path("0"))
                .hasSize(1);

        SignedTx next = h.sign(limit(ETH, 22, 1000, 289000, false));
        h.send(next);
        await().untilAsserted(() -> assertThat(received).anySatisfy(m -> {
            assertThat(m.path("type").asText()).isEqualTo("update/account_orders");
            assertThat(m.path("orders").path("0").path(0).path("client_order_index").asLong()).isEqualTo(22);
        }));
        await().untilAsserted(() -> assertThat(received).anySatisfy(m -> {
            assertThat(m.path("type").asText()).isEqualTo("update/account_all_orders");
            assertThat(m.path("orders").path("0").path(0).path("client_order_index").asLong()).isEqualTo(22);
        }));
    }

    @Test
    void subscribeAndUnsubscribeMistakesAreNamed() throws Exception {
        subscribe("order_book/0", null);
        awaitType("subscribed/order_book", "order_book:0");
        subscribe("order_book/0", null);
        assertThat(awaitError(30006).path("message").asText()).isEqualTo("Already Subscribed: order_book/0");
        send("{\"type\":\"unsubscribe\",\"channel\":\"trade/1\"}");
        assertThat(awaitError(30007).path("message").asText()).isEqualTo("Not Subscribed: trade/1");
        subscribe("candles/0", null);
        assertThat(awaitError(30005).path("message").asText()).isEqualTo("Invalid Channel: candles/0");
        subscribe("account_orders/0", h.auth());
        assertThat(awaitError(30005).path("message").asText()).isEqualTo("Invalid Channel: account_orders/0");
        send("{\"type\":\"shout\"}");
        assertThat(awaitError(30003).path("message").asText()).isEqualTo("Invalid Type: shout");
        send("not json");
        assertThat(awaitError(30001).path("message").asText()).isEqualTo("Invalid JSON");
    }

    @Test
    void theServerPingsAQuietConnectionAndAPongKeepsItOpen() throws Exception {
        h.clock.advance(Duration.ofSeconds(61));
        awaitType("ping", "");
        send("{\"type\":\"pong\"}");
        send("{\"type\":\"ping\"}");
        awaitType("pong", ""); // the server has read the pong before the clock moves on
        h.clock.advance(Duration.ofSeconds(61));
        // 122 s since connecting, 61 s since the pong: pinged again, not closed
        await().until(() -> received.stream().filter(m -> "ping".equals(m.path("type").asText())).count() == 2);
        assertThat(closed).isNotDone();
    }

    @Test
    void aSilentConnectionIsClosedAndAPingKeepsItOpen() throws Exception {
        h.clock.advance(Duration.ofSeconds(100));
        send("{\"type\":\"ping\"}");
        awaitType("pong", "");
        h.clock.advance(Duration.ofSeconds(100));
        // 200 s since connecting, 100 s since the ping: still open
        send("{\"type\":\"ping\"}");
        await().until(() -> received.stream().filter(m -> "pong".equals(m.path("type").asText())).count() == 2);
        assertThat(closed).isNotDone();
        h.clock.advance(Duration.ofSeconds(121));
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 idle");
        await().until(() -> h.server.webSocketConnections() == 0);
    }
}
