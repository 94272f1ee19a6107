package pog.hyperliquid.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.wire.Cloid;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.Side;
import pog.venue.VenueException;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What happens when Hyperliquid is slow, busy or broken: nothing is ever placed twice, and reads retry. */
class HyperliquidRetryTest {
    private static final String ENTRY_CLOID = Cloid.fromClientOrderId("entry-1").toString();

    @TempDir
    Path dir;
    private FakeHyperliquid fake;
    private TestVenues venues;
    private HyperliquidVenue venue;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeHyperliquid(Network.TESTNET);
        fake.expectedSigner = TestVenues.SIGNER;
        venues = new TestVenues(dir);
        venue = venues.open(venues.settings(fake, null, Duration.ofMillis(300)));
        // The stream's own first gap-fill must not take the faults injected below.
        Await.until("the stream is up", venue::streaming);
        venues.sleeper.sleeps.clear();
    }

    @AfterEach
    void stop() throws Exception {
        venue.close();
        fake.close();
    }

    @Test
    void anOrderWhoseAnswerTimesOutIsFoundByCloidAndNeverSentAgain() {
        CountDownLatch held = fake.holdNextExchangeAnswer();
        try {
            Order order = venue.place(entry());

            assertThat(order.status()).isEqualTo(OrderStatus.OPEN);
            assertThat(order.clientId()).isEqualTo("entry-1");
            assertThat(order.orderId()).isEqualTo(String.valueOf(fake.orders.get(0).oid));
        } finally {
            held.countDown();
        }
        Order again = venue.place(entry());

        assertThat(again.orderId()).isEqualTo(String.valueOf(fake.orders.get(0).oid));
        assertThat(fake.ordersWithCloid(ENTRY_CLOID)).hasSize(1);
        assertThat(fake.exchangeActions("order")).hasSize(1);
    }

    @Test
    void aRetryAfterARestartFindsTheOrderInsteadOfPlacingIt() {
        venue.place(entry());
        venue.close();
        venue = venues.open(venues.settings(fake, null, Duration.ofMillis(300)));

        Order again = venue.place(entry());

        assertThat(again.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(fake.exchangeActions("order")).hasSize(1);
        assertThat(venue.openOrders()).singleElement().extracting(Order::clientId).isEqualTo("entry-1");
    }

    @Test
    void aServerErrorOnAnOrderIsResolvedByLookingItUpThenSentAgain() {
        fake.failExchange(1, 502);

        Order order = venue.place(entry());

        assertThat(order.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(fake.ordersWithCloid(ENTRY_CLOID)).hasSize(1);
        assertThat(fake.exchangeActions("order")).hasSize(1);
        // the 502 was never processed; the second send carries a fresh nonce
        assertThat(venues.sleeper.sleeps).hasSize(1);
    }

    @Test
    void rateLimitedOrdersBackOffExponentiallyAndGoThroughOnce() {
        fake.failExchange(2, 429);

        Order order = venue.place(entry());

        assertThat(order.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(fake.ordersWithCloid(ENTRY_CLOID)).hasSize(1);
        assertThat(venues.sleeper.sleeps).hasSize(2);
        assertThat(venues.sleeper.sleeps.get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
        assertThat(venues.sleeper.sleeps.get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void infoCallsRetry429And5xxWithGrowingDelays() {
        fake.failInfo(2, 429);
        assertThat(venue.marks()).containsKeys("BTC", "ETH");
        fake.failInfo(1, 503);
        assertThat(venue.account().equity()).isEqualByComparingTo("1000.5");

        assertThat(venues.sleeper.sleeps).hasSize(3);
        assertThat(venues.sleeper.sleeps.get(1)).isGreaterThanOrEqualTo(venues.sleeper.sleeps.get(0).dividedBy(2));
    }

    @Test
    void aVenueThatStaysDownIsRetryableUnavailableAfterBoundedAttempts() {
        int before = fake.infoBodies.size();
        fake.failInfo(100, 500);

        assertThatThrownBy(() -> venue.marks())
                .isInstanceOfSatisfying(VenueException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("allMids").hasMessageContaining("500");
        assertThat(venues.sleeper.sleeps).hasSize(3); // 1 try + 3 retries
        assertThat(fake.infoBodies).hasSize(before);
    }

    @Test
    void anOrderThatNeverGetsAnAnswerAndIsNotOnTheVenueFailsRetryably() {
        fake.failExchange(100, 500);

        assertThatThrownBy(() -> venue.place(entry()))
                .isInstanceOfSatisfying(VenueException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("looks it up before sending");
        assertThat(fake.orders).isEmpty();
    }

    @Test
    void withAnOrderTtlAnUnansweredOrderIsLookedUpAgainOnlyOnceItHasExpired() {
        venue.close();
        venue = venues.open(venues.settings(fake, null, null, Duration.ofMillis(300), Duration.ofSeconds(2)));
        Await.until("the stream is up", venue::streaming);
        venues.sleeper.sleeps.clear();
        fake.failExchange(1, 502);

        Order order = venue.place(entry());

        assertThat(order.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(venues.sleeper.sleeps).containsExactly(Duration.ofMillis(2001));
        assertThat(fake.exchangeActions("order")).singleElement()
                .satisfies(b -> assertThat(b.get("expiresAfter").asLong()).isEqualTo(TestVenues.T0 + 2000));
        assertThat(fake.ordersWithCloid(ENTRY_CLOID)).hasSize(1);
    }

    @Test
    void openingAVenueThatIsNotThereFailsRetryablyNamingTheUrl() throws Exception {
        HyperliquidSettings settings = venues.settings(fake, null, Duration.ofMillis(300));
        fake.close();

        assertThatThrownBy(() -> venues.open(settings))
                .isInstanceOfSatisfying(VenueException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageStartingWith("cannot open hyperliquid at " + settings.baseUrl())
                .hasMessageContaining("meta");
    }

    @Test
    void venueRefusalsComeBackAsRejectedOrders() {
        fake.expectedSigner = pog.hyperliquid.signing.Address.of("0x0000000000000000000000000000000000000001");

        Order order = venue.place(entry());

        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.rejectReason()).contains("does not exist");
        Order badSize = venue.place(OrderRequest.limit("entry-2", "ETH", Side.BUY, new BigDecimal("0.00001"),
                new BigDecimal("3000")));
        assertThat(badSize.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(badSize.rejectReason()).contains("decimals");
        assertThat(venue.place(OrderRequest.limit("x", "DOGE", Side.BUY, BigDecimal.ONE, BigDecimal.ONE)).status())
                .isEqualTo(OrderStatus.REJECTED);
    }

    private static OrderRequest entry() {
        return OrderRequest.limit("entry-1", "ETH", Side.BUY, new BigDecimal("0.5"), new BigDecimal("3100.5"));
    }
}
