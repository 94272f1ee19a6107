package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The venue's WebSocket limits per IP, across the IP's connections, over real sockets: connections (the upgrade
 * answered 429), subscriptions, distinct users, messages a minute. Smaller figures than the venue's where reaching
 * the venue's would only take longer; the defaults are the venue's ({@link #theDefaultsAreTheVenuesFigures}).
 */
class WebSocketLimitsTest {
    @TempDir
    Path dir;
    SimHarness h;
    final List<WebSocketTest.Client> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WebSocketTest.Client::close);
        if (h != null) {
            h.close();
        }
    }

    private void start(HyperliquidSimConfig.WsLimits limits) {
        h = new SimHarness(dir, new ManualClock(SimHarness.T0), SimHarness.config().withWsLimits(limits));
    }

    private WebSocketTest.Client connect() {
        WebSocketTest.Client c = new WebSocketTest.Client(h);
        clients.add(c);
        await().atMost(Duration.ofSeconds(5)).until(() -> !c.texts.isEmpty()); // the greeting: registered
        return c;
    }

    private static String subscribe(String type, String key, String value) {
        return "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"" + type + "\""
                + (key == null ? "" : ",\"" + key + "\":\"" + value + "\"") + "}}";
    }

    private static String user(int i) {
        return String.format("0x%040x", i + 1);
    }

    /** Sends a ping after {@code text} and waits for its pong, so every answer to {@code text} has arrived. */
    private static void sendAndSettle(WebSocketTest.Client c, String text) {
        int pongs = c.channel("pong").size();
        c.send(text);
        c.send("{\"method\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> c.channel("pong").size() > pongs);
    }

    private static List<String> errors(WebSocketTest.Client c) {
        return c.channel("error").stream().map(e -> e.get("data").asText()).toList();
    }

    @Test
    void theDefaultsAreTheVenuesFigures() {
        HyperliquidSimConfig.WsLimits limits = HyperliquidSimConfig.defaults().wsLimits();
        assertThat(limits).isEqualTo(new HyperliquidSimConfig.WsLimits(100, 1000, 10, 2000, 100));
        assertThat(new HyperliquidSimConfig.WsLimits(5, null, null, null, 0).withDefaults())
                .isEqualTo(new HyperliquidSimConfig.WsLimits(5, 1000, 10, 2000, 0));
    }

    @Test
    void aConnectionBeyondTheIpsCapIsRefusedAtTheUpgradeUntilOneCloses() throws Exception {
        start(new HyperliquidSimConfig.WsLimits(3, 0, 0, 0, 0));
        connect();
        connect();
        WebSocketTest.Client third = connect();

        assertThatThrownBy(() -> new WebSocketTest.Client(h))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(429));
        assertThat(upgrade(InetAddress.getLoopbackAddress())).startsWith("HTTP/1.1 429")
                .endsWith("\n\nToo Many Requests");
        assertThat(h.server.webSocketConnections()).isEqualTo(3);

        third.socket.sendClose(1000, "done").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> h.server.webSocketConnections() == 2);
        WebSocketTest.Client again = connect();
        assertThat(again.texts.get(0)).isEqualTo(HyperliquidWsHub.GREETING);
    }

    @Test
    void theConnectionCapCountsEachIpApart() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        h = new SimHarness(dir, new ManualClock(SimHarness.T0), SimHarness.config().withBind("0.0.0.0")
                .withPort(0).withWsLimits(new HyperliquidSimConfig.WsLimits(1, 0, 0, 0, 0)));
        connect(); // from 127.0.0.1: that IP is full
        assertThat(upgrade(InetAddress.getLoopbackAddress())).startsWith("HTTP/1.1 429");
        assertThat(upgrade(other)).startsWith("HTTP/1.1 101");
    }

    /**
     * The server's answer to a WebSocket upgrade sent from {@code from}: status line, headers (lines joined by
     * "\n") and, when it is no upgrade, the body.
     */
    private String upgrade(InetAddress from) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.server.port()), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                answer.append(line).append('\n');
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            answer.append('\n');
            for (int i = 0; i < length; i++) {
                answer.append((char) in.read());
            }
            return answer.toString();
        }
    }

    @Test
    void subscriptionsAreCountedAcrossTheIpsConnections() {
        start(new HyperliquidSimConfig.WsLimits(0, 3, 0, 0, 0));
        WebSocketTest.Client a = connect();
        WebSocketTest.Client b = connect();
        sendAndSettle(a, subscribe("allMids", null, null));
        sendAndSettle(a, subscribe("l2Book", "coin", "BTC"));
        sendAndSettle(b, subscribe("trades", "coin", "BTC"));
        assertThat(errors(a)).isEmpty();
        assertThat(errors(b)).isEmpty();

        sendAndSettle(b, subscribe("bbo", "coin", "ETH"));
        assertThat(errors(b)).containsExactly("Cannot subscribe to more than 3 channels.");
        h.jump("ETH", "3100");
        sendAndSettle(b, "{\"method\":\"ping\"}");
        assertThat(b.channel("bbo")).as("the refused subscription gets nothing").isEmpty();

        sendAndSettle(a, "{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"allMids\"}}");
        sendAndSettle(b, subscribe("bbo", "coin", "ETH"));
        assertThat(errors(b)).hasSize(1);
        assertThat(b.channel("bbo")).hasSize(1);
    }

    @Test
    void atMostTenDistinctUsersAcrossTheIpsUserSubscriptions() {
        start(new HyperliquidSimConfig.WsLimits(0, 0, null, 0, 0)); // the venue's 10 users
        WebSocketTest.Client a = connect();
        WebSocketTest.Client b = connect();
        for (int i = 0; i < 10; i++) {
            sendAndSettle(i < 6 ? a : b, subscribe("userFills", "user", user(i)));
        }
        sendAndSettle(b, subscribe("orderUpdates", "user", user(3))); // a user already tracked: no new one
        assertThat(errors(a)).isEmpty();
        assertThat(errors(b)).isEmpty();

        sendAndSettle(b, subscribe("userFills", "user", user(10)));
        sendAndSettle(b, subscribe("activeAssetData", "user", user(11)).replace("}}", ",\"coin\":\"BTC\"}}"));
        assertThat(errors(b)).containsExactly("Cannot track more than 10 total users.",
                "Cannot track more than 10 total users.");
        sendAndSettle(b, subscribe("allMids", null, null)); // a market feed needs no user
        assertThat(errors(b)).hasSize(2);

        a.socket.sendClose(1000, "done").join(); // its six users are free again
        await().atMost(Duration.ofSeconds(5)).until(() -> h.server.webSocketConnections() == 1);
        sendAndSettle(b, subscribe("userFills", "user", user(10)));
        assertThat(errors(b)).hasSize(2);
        assertThat(b.channel("userFills").stream().map(m -> m.at("/data/user").asText()))
                .contains(user(10));
    }

    @Test
    void messagesBeyondTheIpsMinuteAreRefusedAndNotHandledUntilTheBudgetRefills() {
        start(new HyperliquidSimConfig.WsLimits(0, 0, 0, 6, 0));
        WebSocketTest.Client a = connect();
        WebSocketTest.Client b = connect();
        for (int i = 0; i < 3; i++) {
            a.send("{\"method\":\"ping\"}");
            b.send("{\"method\":\"ping\"}");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> a.channel("pong").size() == 3
                && b.channel("pong").size() == 3);

        a.send("{\"method\":\"post\",\"id\":1,\"request\":{\"type\":\"info\",\"payload\":{\"type\":\"allMids\"}}}");
        b.send("{\"method\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> errors(a).size() == 1 && errors(b).size() == 1);
        assertThat(errors(a)).containsExactly("Cannot send more than 6 messages per minute.");
        assertThat(errors(b)).containsExactly("Cannot send more than 6 messages per minute.");
        assertThat(a.channel("post")).as("the refused post was not answered").isEmpty();
        assertThat(b.channel("pong")).hasSize(3);

        h.clock.advance(Duration.ofSeconds(10)); // one message back (6 a minute)
        a.send("{\"method\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> a.channel("pong").size() == 4);
        b.send("{\"method\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> errors(b).size() == 2);
        assertThat(b.channel("pong")).hasSize(3);
    }

    @Test
    void postsInFlightAreCountedPerIp() {
        WsIpLimits limits = new WsIpLimits(new HyperliquidSimConfig.WsLimits(0, 0, 0, 0, 2),
                new ManualClock(SimHarness.T0));
        assertThat(limits.postStarted("127.0.0.1")).isTrue();
        assertThat(limits.postStarted("127.0.0.1")).isTrue();
        assertThat(limits.postStarted("127.0.0.1")).isFalse();
        assertThat(limits.postStarted("10.0.0.7")).as("another IP has its own").isTrue();
        limits.postAnswered("127.0.0.1");
        assertThat(limits.postStarted("127.0.0.1")).isTrue();
    }

    @Test
    void theDefaultLimitsLeaveOrdinaryUseAlone() {
        start(null);
        WebSocketTest.Client a = connect();
        sendAndSettle(a, subscribe("allMids", null, null));
        sendAndSettle(a, subscribe("userFills", "user", h.alice()));
        assertThat(errors(a)).isEmpty();
        JsonNode mids = a.channel("allMids").get(0);
        assertThat(mids.at("/data/mids/BTC").asText()).isEqualTo("60000.0");
    }
}
