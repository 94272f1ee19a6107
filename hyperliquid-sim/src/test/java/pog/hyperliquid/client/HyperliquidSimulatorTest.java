package pog.hyperliquid.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.sim.Faults;
import pog.hyperliquid.sim.HyperliquidSimServer;
import pog.venue.RecordingListener;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;
import pog.venue.VenueException;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against the Hyperliquid simulator (pog.hyperliquid.sim), the two meeting only at Hyperliquid's wire
 * protocol: an entry, its stop resting on the venue, the mark jumping through the stop, the fills, a cancel.
 */
class HyperliquidSimulatorTest {
    private static final long T0 = SimAndClient.T0;
    /**
     * The client's ping, by which it finds a socket the JDK never reports closed: the simulator's cut (its end sent
     * FIN) has been seen to leave the client's end half-closed (CLOSE_WAIT) with no onClose/onError for 10 s, until
     * the next write. At the venue's 50 s the socket-drop test could not see such a cut within its waits; 1 s can.
     */
    private static final Duration PING = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    private SimAndClient rig;
    private ManualClock clock;
    private HyperliquidSimServer sim;
    private HyperliquidVenue venue;
    private final RecordingListener events = new RecordingListener();

    @BeforeEach
    void start() {
        rig = new SimAndClient(dir);
        clock = rig.clock;
        sim = rig.sim;
        // the clock is the simulator's and stands still, so the client's weight budget (which refills with that
        // clock) is made large enough never to wait: rate limits are tested elsewhere (HyperliquidRetryTest,
        // LimitsTest)
        venue = rig.client("trader", 1_000_000, PING);
        venue.subscribe(events);
        Await.until("the stream is up", () -> events.connections.contains(true));
    }

    @AfterEach
    void stop() {
        venue.close();
        rig.close();
    }

    @Test
    void anOrderUnderAnIdThisClientNeverSentIsAReusedIdNotOurPlacement() {
        Order first = venue.place(OrderRequest.limit("pog-7-1", "BTC", Side.BUY, new BigDecimal("0.01"),
                new BigDecimal("50000")));
        assertThat(first.status()).isEqualTo(OrderStatus.OPEN);
        // another client on the account, without this one's client-id file (a second data dir, a lost state dir)
        try (HyperliquidVenue second = rig.client("other", 1_000_000)) {
            // the epoch comes back from the cloid itself
            assertThat(second.openOrders()).extracting(Order::clientId).containsExactly("pog-7-1");
            assertThatThrownBy(() -> second.place(OrderRequest.limit("pog-7-1", "BTC", Side.BUY,
                    new BigDecimal("0.01"), new BigDecimal("49000"))))
                    .isInstanceOfSatisfying(pog.venue.VenueException.class, e -> {
                        assertThat(e.clientIdReused()).isTrue();
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining("already used");
        }
        // the first client retrying its own id still gets its order back
        assertThat(venue.place(OrderRequest.limit("pog-7-1", "BTC", Side.BUY, new BigDecimal("0.01"),
                new BigDecimal("50000"))).orderId()).isEqualTo(first.orderId());
        assertThat(venue.openOrders()).hasSize(1);
    }

    @Test
    void anEntryItsStopTheJumpThroughItAndTheFills() {
        assertThat(venue.markets()).extracting(m -> m.symbol()).contains("BTC", "ETH");
        assertThat(venue.marks().get("BTC")).isEqualByComparingTo("60000");

        Order entry = venue.place(OrderRequest.market("entry-1", "BTC", Side.BUY, new BigDecimal("0.01"), false));
        assertThat(entry.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(venue.positions()).singleElement().satisfies(p -> {
            assertThat(p.symbol()).isEqualTo("BTC");
            assertThat(p.size()).isEqualByComparingTo("0.01");
        });

        Order stop = venue.place(OrderRequest.stopLoss("stop-1", "BTC", Side.SELL, new BigDecimal("0.01"),
                new BigDecimal("59000")));
        assertThat(stop.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(venue.place(OrderRequest.stopLoss("stop-1", "BTC", Side.SELL, new BigDecimal("0.01"),
                new BigDecimal("59000"))).orderId()).isEqualTo(stop.orderId());
        assertThat(venue.openOrders()).singleElement().satisfies(o -> {
            assertThat(o.clientId()).isEqualTo("stop-1");
            assertThat(o.type()).isEqualTo(OrderType.STOP_MARKET);
            assertThat(o.triggerPrice()).isEqualByComparingTo("59000");
        });

        Order resting = venue.place(OrderRequest.limit("bid-1", "ETH", Side.BUY, new BigDecimal("0.01"),
                new BigDecimal("2500")));
        assertThat(resting.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(venue.cancel("ETH", "bid-1")).isTrue();
        assertThat(venue.cancel("ETH", "bid-1")).isFalse();

        sim.simulator().exchange().jump("BTC", new BigDecimal("58900"));

        Await.until("the stop's fill on the stream", () -> events.fills.stream().anyMatch(f -> "stop-1".equals(f.clientId())));
        assertThat(venue.positions()).isEmpty();
        assertThat(venue.openOrders()).isEmpty();
        List<Fill> fills = venue.fillsSince(0);
        assertThat(fills).extracting(Fill::clientId).containsExactly("entry-1", "stop-1");
        assertThat(fills.get(1).cursor()).isGreaterThan(fills.get(0).cursor());
        assertThat(venue.fillsSince(fills.get(0).cursor())).extracting(Fill::clientId).containsExactly("stop-1");
        assertThat(events.fills).extracting(Fill::clientId).containsExactly("entry-1", "stop-1");
    }

    /** The market feeds a v2 strategy hears: top of book (bbo), public trades and funding (activeAssetCtx). */
    @Test
    void theMarketFeedsBringTopOfBookTradesAndFunding() throws Exception {
        List<pog.venue.TopOfBook> books = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<pog.venue.Trade> trades = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<pog.venue.Funding> fundings = new java.util.concurrent.CopyOnWriteArrayList<>();
        AutoCloseable feed = venue.subscribeMarket(List.of("BTC"), new pog.venue.VenueListener() {
            @Override
            public void onTopOfBook(pog.venue.TopOfBook b) {
                books.add(b);
            }

            @Override
            public void onTrade(pog.venue.Trade t) {
                trades.add(t);
            }

            @Override
            public void onFunding(pog.venue.Funding f) {
                fundings.add(f);
            }
        });
        Await.until("a top of book", () -> !books.isEmpty());
        assertThat(books.get(0).symbol()).isEqualTo("BTC");
        assertThat(books.get(0).bid()).isLessThan(books.get(0).ask());
        assertThat(books.get(0).bidSize().signum()).isPositive();
        Await.until("the funding", () -> !fundings.isEmpty());
        assertThat(fundings.get(0).rate()).isNotNull();
        assertThat(fundings.get(0).nextTime() % 3_600_000).isZero();
        assertThat(fundings.get(0).nextTime()).isGreaterThan(T0);

        venue.place(OrderRequest.market("entry-1", "BTC", Side.BUY, new BigDecimal("0.01"), false));
        Await.until("the trade", () -> !trades.isEmpty());
        assertThat(trades.get(0).symbol()).isEqualTo("BTC");
        assertThat(trades.get(0).size()).isEqualByComparingTo("0.01");
        assertThat(trades.get(0).aggressor()).isEqualTo(Side.BUY);
        feed.close();
    }

    /** More fills than one userFillsByTime page holds, several per millisecond: the pager misses none. */
    @Test
    void fillsSincePagesThroughMoreThan2000FillsOldestFirst() {
        String account = pog.hyperliquid.signing.PrivateKey.fromHex(TestVenues.KEY_HEX).address().toString();
        int n = 2600;
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                clock.advanceMillis(1);
            }
            sim.simulator().exchange().place(account, OrderRequest.market("core-" + i, "BTC",
                    i % 2 == 0 ? Side.BUY : Side.SELL, new BigDecimal("0.001"), false));
        }
        List<Fill> fills = venue.fillsSince(0);
        assertThat(fills).hasSize(n);
        assertThat(fills).extracting(Fill::cursor).isSorted().doesNotHaveDuplicates();
        assertThat(venue.fillsSince(fills.get(1999).cursor())).hasSize(n - 2000);
    }

    @Test
    void underRandom429And5xxEveryClientIdBecomesExactlyOneOrder() {
        sim.faults().set(new Faults.Settings(0, 0.25, 0.15));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            String id = "bid-" + i;
            ids.add(id);
            placeAsATraderWould(OrderRequest.limit(id, "ETH", Side.BUY, new BigDecimal("0.01"),
                    new BigDecimal(2500 + i)));
        }
        sim.faults().set(new Faults.Settings(0, 0, 0));

        List<Order> open = venue.openOrders();
        assertThat(open).hasSize(8);
        assertThat(open).extracting(Order::clientId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aStopFillAroundASocketDropArrivesOnceWithItsClientId() {
        venue.place(OrderRequest.market("entry-1", "BTC", Side.BUY, new BigDecimal("0.01"), false));
        venue.place(OrderRequest.stopLoss("stop-1", "BTC", Side.SELL, new BigDecimal("0.01"), new BigDecimal("59000")));
        Await.until("the entry fill", () -> events.fills.size() == 1);

        // the client may see its socket open before the simulator has registered it: drop until the drop lands
        // (a cut the JDK does not report is found by the client's next ping, see PING)
        Await.until("the drop", () -> {
            if (!events.connections.contains(false)) {
                sim.dropWebSockets();
            }
            return events.connections.contains(false);
        });
        sim.simulator().exchange().jump("BTC", new BigDecimal("58000"));

        Await.until("the stop fill", () -> events.fills.size() == 2);
        assertThat(events.fills.get(1).clientId()).isEqualTo("stop-1");
        // the fill may come by the client's catch-up before the socket is back: wait for the socket, not for luck
        Await.until("the reconnect", () -> events.connections.get(events.connections.size() - 1));
        assertThat(events.connections).startsWith(true, false);
        assertThat(events.fills).hasSize(2); // the catch-up after the reconnect did not deliver it again
    }

    @Test
    void modifyByClientIdCancelByOidAndTheMarketDataCalls() {
        Order bid = venue.place(OrderRequest.limit("bid-1", "ETH", Side.BUY, new BigDecimal("0.01"),
                new BigDecimal("2500")));

        Order moved = venue.modify("bid-1", OrderRequest.limit("bid-1", "ETH", Side.BUY, new BigDecimal("0.02"),
                new BigDecimal("2550")));

        assertThat(moved.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(venue.openOrders()).singleElement().satisfies(o -> {
            assertThat(o.clientId()).isEqualTo("bid-1");
            assertThat(o.limitPrice()).isEqualByComparingTo("2550");
            assertThat(o.size()).isEqualByComparingTo("0.02");
        });
        long oid = Long.parseLong(venue.openOrders().get(0).orderId());
        assertThat(venue.cancelByOid("ETH", oid)).isTrue();
        assertThat(venue.cancelByOid("ETH", oid)).isFalse();
        assertThat(venue.openOrders()).isEmpty();
        assertThat(bid.orderId()).isNotNull();

        assertThat(venue.l2Book("BTC").path("coin").asText()).isEqualTo("BTC");
        assertThat(venue.l2Book("BTC").path("levels").size()).isEqualTo(2);
        assertThat(venue.candleSnapshot("BTC", "1m", T0 - 3_600_000, T0).isArray()).isTrue();
        assertThat(venue.spotMeta().has("universe")).isTrue();
    }

    /** What a trader does with a retryable failure: the same request again (safe: place is idempotent). */
    private Order placeAsATraderWould(OrderRequest request) {
        for (int attempt = 0; ; attempt++) {
            try {
                return venue.place(request);
            } catch (VenueException e) {
                if (!e.retryable() || attempt == 20) {
                    throw e;
                }
            }
        }
    }
}
