package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.wire.Cloid;
import pog.venue.RecordingListener;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket side: subscriptions, pushes, drops, reconnects and the gap-fill that makes drops lossless. */
class HyperliquidStreamTest {
    @TempDir
    Path dir;
    private FakeHyperliquid fake;
    private HyperliquidVenue venue;
    private final RecordingListener events = new RecordingListener();
    private String user;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeHyperliquid(Network.TESTNET);
        fake.expectedSigner = TestVenues.SIGNER;
        user = TestVenues.SIGNER.toString();
        fake.user = user;
        venue = new TestVenues(dir).open(fake);
        venue.subscribe(events);
        Await.until("connected", () -> events.connections.contains(true));
    }

    @AfterEach
    void stop() throws Exception {
        venue.close();
        fake.close();
    }

    @Test
    void subscribesToMidsOrderUpdatesAndFillsOfTheAccountAndPushesThem() {
        assertThat(fake.subscriptionsReceived()).map(HyperliquidRest::write).containsExactly(
                "{\"type\":\"allMids\"}",
                "{\"type\":\"orderUpdates\",\"user\":\"" + user + "\"}",
                "{\"type\":\"userFills\",\"user\":\"" + user + "\"}");

        fake.ws.broadcast("{\"channel\":\"allMids\",\"data\":{\"mids\":{\"BTC\":\"65100.5\",\"@1\":\"1.0\"}}}");
        Await.until("a mark", () -> !events.marks.isEmpty());
        assertThat(events.marks).containsExactly("BTC=65100.5");

        Order placed = venue.place(OrderRequest.limit("entry-1", "ETH", Side.BUY, new BigDecimal("0.5"),
                new BigDecimal("3100.5")));
        fake.ws.broadcast("{\"channel\":\"orderUpdates\",\"data\":[{\"order\":{\"coin\":\"ETH\",\"side\":\"B\","
                + "\"limitPx\":\"3100.5\",\"sz\":\"0.2\",\"oid\":" + placed.orderId() + ",\"timestamp\":"
                + TestVenues.T0 + ",\"origSz\":\"0.5\",\"cloid\":\"" + Cloid.fromClientOrderId("entry-1")
                + "\"},\"status\":\"canceled\",\"statusTimestamp\":" + (TestVenues.T0 + 1) + "}]}");
        Await.until("an order update", () -> !events.orders.isEmpty());
        assertThat(events.orders).singleElement().satisfies(o -> {
            assertThat(o.clientId()).isEqualTo("entry-1");
            assertThat(o.orderId()).isEqualTo(placed.orderId());
            assertThat(o.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(o.type()).isEqualTo(OrderType.LIMIT_GTC);
            assertThat(o.filledSize()).isEqualByComparingTo("0.3");
        });
    }

    @Test
    void aFillPushedLiveCarriesOurClientIdEvenBeforeThePlacementAnswered() {
        venue.place(OrderRequest.market("mkt-1", "BTC", Side.BUY, new BigDecimal("0.001"), false));

        Await.until("the fill", () -> !events.fills.isEmpty());
        assertThat(events.fills).singleElement().satisfies(f -> {
            assertThat(f.clientId()).isEqualTo("mkt-1");
            assertThat(f.side()).isEqualTo(Side.BUY);
            assertThat(f.price()).isEqualByComparingTo("65000");
            assertThat(f.cursor()).isEqualTo(TestVenues.T0 * 1000);
        });
    }

    @Test
    void aFillThatHappensWhileDisconnectedIsDeliveredExactlyOnceAfterTheReconnect() {
        Order entry = venue.place(OrderRequest.market("mkt-1", "BTC", Side.BUY, new BigDecimal("0.001"), false));
        Await.until("the live fill", () -> events.fills.size() == 1);

        fake.ws.dropAll(true);
        Await.until("the drop is noticed", () -> events.connections.contains(false));
        ObjectNode missed = fake.addFill("BTC", "A", "64000", "0.001", Long.parseLong(entry.orderId()),
                TestVenues.T0 + 5_000);
        String missedId = missed.get("tid").asText();
        fake.ws.accept();

        Await.until("the missed fill", () -> events.fillsWithId(missedId) == 1);
        assertThat(events.connections).containsExactly(true, false, true);
        assertThat(fake.subscriptionsReceived()).hasSize(6);
        // the same fill pushed again by the venue is not delivered twice
        fake.pushFills(List.of(missed));
        fake.ws.broadcast("{\"channel\":\"allMids\",\"data\":{\"mids\":{\"ETH\":\"3300\"}}}");
        Await.until("a later message", () -> events.marks.contains("ETH=3300"));
        assertThat(events.fillsWithId(missedId)).isEqualTo(1);
        assertThat(events.fills).hasSize(2);
        assertThat(events.fills.get(1).cursor()).isGreaterThan(events.fills.get(0).cursor());
        assertThat(events.fills.get(1).clientId()).isEqualTo("mkt-1");
    }

    @Test
    void otherChannelsAreSubscribedRenewedOnReconnectAndUnsubscribed() throws Exception {
        List<JsonNode> books = new CopyOnWriteArrayList<>();
        ObjectNode sub = HyperliquidRest.JSON.createObjectNode().put("type", "l2Book").put("coin", "BTC");
        AutoCloseable handle = venue.subscribeChannel(sub, books::add);
        Await.until("subscribed", () -> fake.subscriptionsReceived().size() == 4);

        fake.ws.broadcast("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"ETH\",\"time\":1,\"levels\":[[],[]]}}");
        fake.ws.broadcast("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":2,\"levels\":[[],[]]}}");
        Await.until("the BTC book", () -> !books.isEmpty());
        assertThat(books).singleElement().satisfies(b -> assertThat(b.at("/data/time").asLong()).isEqualTo(2));

        fake.ws.dropAll(false);
        Await.until("resubscribed", () -> fake.subscriptionsReceived().size() == 8);
        assertThat(fake.subscriptionsReceived().subList(4, 8)).map(HyperliquidRest::write)
                .contains("{\"type\":\"l2Book\",\"coin\":\"BTC\"}");

        handle.close();
        Await.until("unsubscribed", () -> fake.wsReceived.stream()
                .anyMatch(m -> "unsubscribe".equals(m.path("method").asText())));
        assertThat(fake.wsReceived.stream().filter(m -> "unsubscribe".equals(m.path("method").asText()))
                .map(HyperliquidRest::write)).containsExactly(
                "{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\"}}");
    }

    @Test
    void aListenerJoiningWhileTheStreamIsUpIsToldOnceAndHearsTheNextDrop() {
        RecordingListener late = new RecordingListener();
        venue.subscribe(late);
        Await.until("told it is connected", () -> late.connections.contains(true));

        fake.ws.dropAll(false);
        Await.until("the reconnect", () -> late.connections.size() == 3);
        assertThat(late.connections).containsExactly(true, false, true);
        assertThat(events.connections).containsExactly(true, false, true);
    }

    @Test
    void healthSeesTheStreamComeBackAndWhyItWentAway() {
        assertThat(venue.streamStatus().connects()).isEqualTo(1);

        fake.ws.dropAll(false);
        Await.until("the reconnect", () -> events.connections.size() == 3);

        assertThat(venue.streamStatus()).satisfies(s -> {
            assertThat(s.connected()).isTrue();
            assertThat(s.connects()).isEqualTo(2);
            assertThat(s.lastDrop()).isNotBlank();
            assertThat(s.age()).isNotNull();
        });
    }

    @Test
    void aConnectionThatStopsAnsweringPingsIsDroppedAndReplaced() {
        fake.answerPings = false;
        Await.until("the drop", () -> events.connections.contains(false));
        fake.answerPings = true;
        Await.until("the reconnect", () -> events.connections.size() == 3);

        assertThat(events.connections).startsWith(true, false, true);
        List<JsonNode> pings = fake.wsReceived.stream().filter(m -> "ping".equals(m.path("method").asText())).toList();
        assertThat(pings).isNotEmpty().allSatisfy(p -> assertThat(HyperliquidRest.write(p)).isEqualTo("{\"method\":\"ping\"}"));
    }

    @Test
    void fillsSinceACursorReturnsOnlyLaterFillsWithStrictlyIncreasingCursors() {
        fake.addFill("BTC", "B", "65000", "0.001", 1, TestVenues.T0 + 10);
        fake.addFill("@107", "B", "40", "1", 3, TestVenues.T0 + 10); // a spot fill: ranked, not returned
        fake.addFill("BTC", "B", "65001", "0.002", 1, TestVenues.T0 + 10);
        fake.addFill("ETH", "A", "3200", "0.1", 2, TestVenues.T0 + 20);

        List<Fill> all = venue.fillsSince(0);
        assertThat(all).extracting(Fill::cursor).containsExactly(
                (TestVenues.T0 + 10) * 1000, (TestVenues.T0 + 10) * 1000 + 2, (TestVenues.T0 + 20) * 1000);
        assertThat(venue.fillsSince(all.get(0).cursor())).extracting(Fill::fillId)
                .containsExactly(all.get(1).fillId(), all.get(2).fillId());
        assertThat(venue.fillsSince(all.get(2).cursor())).isEmpty();
    }
}
