package pog.venue.net;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pog.common.time.ManualClock;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one reconnecting stream every venue uses, against a real WebSocket server on a real port that drops
 * connections the way a network does. A small test dialect stands in for a venue's words.
 */
class ReconnectingSocketTest {
    private static final String PING = "{\"op\":\"ping\"}";
    private static final String PONG = "{\"op\":\"pong\"}";

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptionsBuilt = new AtomicInteger();
    private volatile boolean answerPings = true;
    private volatile boolean failTrades;
    private FakeWebSocketServer server;
    private ReconnectingSocket socket;

    /** Pings as {"op":"ping"}, answers the server's pings, and builds its subscription afresh per connection. */
    private final ReconnectingSocket.Dialect dialect = new ReconnectingSocket.Dialect("test", PING) {
        @Override
        public List<String> subscriptions() {
            return List.of("{\"op\":\"subscribe\",\"token\":" + subscriptionsBuilt.incrementAndGet() + "}");
        }

        @Override
        public boolean isPong(JsonNode message) {
            return "pong".equals(message.path("op").asText());
        }

        @Override
        public String reply(JsonNode message) {
            return "ping".equals(message.path("op").asText()) ? PONG : null;
        }

        @Override
        public boolean ignore(String text) {
            return text.startsWith("hello");
        }
    };

    private final ReconnectingSocket.Handler handler = new ReconnectingSocket.Handler() {
        @Override
        public void onMessage(JsonNode message) {
            if (failTrades && "trade".equals(message.path("op").asText()) && message.path("n").asInt() == 1) {
                throw new IllegalStateException("a listener bug");
            }
            messages.add(RestCalls.write(message));
        }

        @Override
        public void onUp() {
            events.add("up");
        }

        @Override
        public void onDown(String reason) {
            events.add("down: " + reason);
        }
    };

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(Transport transport, DoubleSupplier jitter) throws Exception {
        server = new FakeWebSocketServer((c, text) -> {
            received.add(text);
            if (text.equals(PING) && answerPings) {
                c.send(PONG);
            }
            if (text.contains("subscribe")) {
                c.send("{\"op\":\"ack\"}");
            }
        }, "hello, you are connected");
        socket = new ReconnectingSocket(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + server.port()),
                transport, dialect, handler, clock, jitter);
        socket.start();
    }

    private static Transport transport() {
        return Transport.defaults(Duration.ofSeconds(30)).withReconnect(Duration.ofMillis(10), Duration.ofMillis(40));
    }

    private long receivedMatching(String text) {
        return received.stream().filter(text::equals).count();
    }

    @Test
    void aDroppedConnectionComesBackResubscribedWithFreshSubscriptionsAndTheGapFillRunsAgain() throws Exception {
        start(transport(), () -> 0.5);
        await().until(socket::connected);
        socket.add("{\"op\":\"subscribe\",\"channel\":\"trades\"}");
        await().until(() -> receivedMatching("{\"op\":\"subscribe\",\"channel\":\"trades\"}") == 1);

        server.dropAll(false);

        await().until(() -> events.size() == 3);
        assertThat(events.get(0)).isEqualTo("up");
        assertThat(events.get(1)).startsWith("down: ");
        assertThat(events.get(2)).isEqualTo("up");
        assertThat(received).contains("{\"op\":\"subscribe\",\"token\":1}", "{\"op\":\"subscribe\",\"token\":2}");
        assertThat(receivedMatching("{\"op\":\"subscribe\",\"channel\":\"trades\"}")).isEqualTo(2);
        assertThat(socket.status().connects()).isEqualTo(2);
        assertThat(socket.status().lastDrop()).isEqualTo(events.get(1).substring("down: ".length()));
    }

    @Test
    void aRemovedSubscriptionIsUnsubscribedAndNotRenewedOnReconnect() throws Exception {
        start(transport(), () -> 0.5);
        String trades = "{\"op\":\"subscribe\",\"channel\":\"trades\"}";
        socket.add(trades);
        await().until(() -> receivedMatching(trades) == 1);

        socket.remove(trades, "{\"op\":\"unsubscribe\",\"channel\":\"trades\"}");
        await().until(() -> receivedMatching("{\"op\":\"unsubscribe\",\"channel\":\"trades\"}") == 1);
        server.dropAll(false);

        await().until(() -> received.contains("{\"op\":\"subscribe\",\"token\":2}"));
        await().until(socket::connected);
        assertThat(receivedMatching(trades)).isEqualTo(1);
    }

    @Test
    void aPingWithoutPongIsADropAndTheConnectionIsReplaced() throws Exception {
        answerPings = false;
        start(transport().withKeepAlive(Duration.ofMillis(50), Duration.ofMillis(300)), () -> 0.5);

        await().until(() -> events.stream().anyMatch(e -> e.startsWith("down")));
        assertThat(events).contains("down: no pong within 300 ms");
        assertThat(receivedMatching(PING)).isPositive();

        answerPings = true;
        await().until(() -> socket.connected() && socket.status().connects() >= 2);
        long drops = events.stream().filter(e -> e.startsWith("down")).count();
        // answered pings keep it up: several ping periods later it is still the same connection
        long pingsBefore = receivedMatching(PING);
        await().until(() -> receivedMatching(PING) >= pingsBefore + 3);
        assertThat(events.stream().filter(e -> e.startsWith("down")).count()).isEqualTo(drops);
        assertThat(socket.connected()).isTrue();
    }

    @Test
    void theServersPingsAreAnsweredAndNeverReachTheHandler() throws Exception {
        start(transport(), () -> 0.5);
        await().until(socket::connected);

        server.broadcast(PING);
        server.broadcast("{\"op\":\"trade\",\"px\":\"100.5\"}");

        await().until(() -> messages.contains("{\"op\":\"trade\",\"px\":\"100.5\"}"));
        assertThat(receivedMatching(PONG)).isEqualTo(1);
        assertThat(messages).doesNotContain(PING);
    }

    @Test
    void aFailingHandlerIsLoggedAndTheStreamGoesOnWithTheNextMessage() throws Exception {
        start(transport(), () -> 0.5);
        await().until(socket::connected);

        failTrades = true;
        server.broadcast("{\"op\":\"trade\",\"n\":1}");
        server.broadcast("{\"op\":\"trade\",\"n\":2}");

        await().until(() -> messages.contains("{\"op\":\"trade\",\"n\":2}"));
        assertThat(messages).doesNotContain("{\"op\":\"trade\",\"n\":1}");
        assertThat(events).containsExactly("up");
        assertThat(socket.status().connects()).isEqualTo(1);
    }

    @Test
    void connectionsThatDieBeforeSayingAnythingBackOffUpToTheCapAndOneThatLivesResetsTheBackoff() throws Exception {
        start(transport(), () -> 1.0);
        await().until(socket::connected);
        server.dropAll(true);

        // min 10 ms doubling: 10, 20, 40, then capped at 40; jitter 1.0 takes the whole nominal delay
        await().until(() -> socket.status().failures() >= 5);
        assertThat(socket.status().nextDelay()).isEqualTo(Duration.ofMillis(40));
        assertThat(socket.connected()).isFalse();

        server.accept();
        await().until(() -> socket.connected() && socket.status().failures() == 0);
        assertThat(socket.status().nextDelay()).isLessThanOrEqualTo(Duration.ofMillis(40));
    }

    @Test
    void aRefusedConnectIsRetriedAndItsDelayStaysWithinTheJitterBounds() throws Exception {
        server = new FakeWebSocketServer((c, text) -> { });
        int port = server.port();
        server.close(); // nothing listens there now: every connect is refused
        socket = new ReconnectingSocket(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + port), transport(),
                dialect, handler, clock, () -> 0.0);
        socket.start();

        await().until(() -> socket.status().failures() >= 4);
        // jitter 0.0 takes half the nominal delay, never less: attempt 3 and later wait half of the 40 ms cap
        assertThat(socket.status().nextDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(events).isEmpty();
    }

    @Test
    void theStreamsAgeIsTheTimeSinceItsLastMessageOnItsClock() throws Exception {
        start(transport(), () -> 0.5);
        await().until(socket::connected);
        await().until(() -> socket.status().age() != null);
        assertThat(socket.status().age()).isEqualTo(Duration.ZERO);

        clock.advance(Duration.ofSeconds(7));
        assertThat(socket.status().age()).isEqualTo(Duration.ofSeconds(7));

        server.broadcast("{\"op\":\"trade\"}");
        await().until(() -> socket.status().age().isZero());
    }
}
