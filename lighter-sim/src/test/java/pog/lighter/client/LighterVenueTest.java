package pog.lighter.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.sim.Faults;
import pog.lighter.sim.LighterSimConfig;
import pog.lighter.sim.LighterSimServer;
import pog.venue.Fill;
import pog.venue.Funding;
import pog.venue.RecordingListener;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;
import pog.venue.TopOfBook;
import pog.venue.Trade;
import pog.venue.VenueException;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The real client against the real simulator over HTTP and WebSocket on port 0. */
class LighterVenueTest {
    static final long ACCOUNT = 42;
    static final BigDecimal TENTH = new BigDecimal("0.1");

    @TempDir
    Path dir;
    LighterSimServer server;
    LighterVenue venue;
    final String key = PrivateKey.generate(new SecureRandom()).revealHex();

    @BeforeEach
    void start() {
        server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0).withAdmin(true), dir.resolve("sim"),
                Clock.systemUTC(), false);
        venue = open(settings());
    }

    @AfterEach
    void stop() {
        if (venue != null) {
            venue.close();
        }
        server.close();
    }

    LighterSettings settings() {
        return new LighterSettings("http://127.0.0.1:" + server.port(), null, null, ACCOUNT, 3, null, null,
                dir.resolve("client"), true, null, Duration.ofSeconds(2), null, 2, null, null, null, Duration.ofMillis(50),
                Duration.ofMillis(200));
    }

    LighterVenue open(LighterSettings s) {
        return LighterVenue.open(s, Map.of("LIGHTER_API_KEY", key), Clock.systemUTC());
    }

    @Test
    void marketsCarryTickAndLotFromTheDecimals() {
        // tick and lot from the market's decimals; the venue's minimums (base amount, 10 USDC quote) carried too
        assertThat(venue.markets()).contains(
                new MarketInfo("ETH", new BigDecimal("0.01"), new BigDecimal("0.0001"), 25, new BigDecimal("0.0050"),
                        new BigDecimal("10.000000")),
                new MarketInfo("BTC", new BigDecimal("0.1"), new BigDecimal("0.00001"), 50, new BigDecimal("0.00020"),
                        new BigDecimal("10.000000")));
        assertThat(venue.accountId()).isEqualTo("42");
        assertThat(venue.marks()).containsEntry("ETH", new BigDecimal("3000"));
        assertThat(venue.account().equity()).isEqualByComparingTo("10000");
    }

    @Test
    void aPositionWithAStopThatFiresOnAJump() {
        List<Fill> pushed = new CopyOnWriteArrayList<>();
        venue.subscribe(new VenueListener() {
            @Override
            public void onFill(Fill fill) {
                pushed.add(fill);
            }
        });
        await().until(venue::streaming);
        Order entry = venue.place(OrderRequest.market("entry-1", "ETH", Side.BUY, TENTH, false));
        assertThat(entry.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(entry.clientId()).isEqualTo("entry-1");
        Order stop = venue.place(OrderRequest.stopLoss("stop-1", "ETH", Side.SELL, TENTH, new BigDecimal("2900")));
        assertThat(stop.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(stop.type()).isEqualTo(OrderType.STOP_MARKET);
        assertThat(stop.triggerPrice()).isEqualByComparingTo("2900");
        assertThat(venue.openOrders()).extracting(Order::clientId).containsExactly("stop-1");
        assertThat(venue.positions()).singleElement().satisfies(p -> {
            assertThat(p.size()).isEqualByComparingTo("0.1");
            assertThat(p.entryPrice()).isEqualByComparingTo("3000");
        });

        server.simulator().exchange().jump("ETH", new BigDecimal("2890"));

        assertThat(venue.positions()).isEmpty();
        assertThat(venue.openOrders()).isEmpty();
        List<Fill> fills = venue.fillsSince(0);
        assertThat(fills).extracting(Fill::clientId).containsExactly("entry-1", "stop-1");
        assertThat(fills).extracting(Fill::side).containsExactly(Side.BUY, Side.SELL);
        assertThat(fills.get(1).price()).isEqualByComparingTo("2890");
        assertThat(fills.get(1).cursor()).isGreaterThan(fills.get(0).cursor());
        assertThat(venue.fillsSince(fills.get(0).cursor())).extracting(Fill::clientId).containsExactly("stop-1");
        await().untilAsserted(() -> assertThat(pushed).extracting(Fill::clientId).containsExactly("entry-1", "stop-1"));
    }

    @Test
    void cancelByClientId() {
        Order o = venue.place(OrderRequest.limit("rest-1", "ETH", Side.BUY, TENTH, new BigDecimal("2800")));
        assertThat(o.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(o.limitPrice()).isEqualByComparingTo("2800");
        assertThat(venue.cancel("ETH", "rest-1")).isTrue();
        assertThat(venue.openOrders()).isEmpty();
        assertThat(venue.cancel("ETH", "rest-1")).isFalse();
        // Placing the same client id again is the cancelled order, not a new one.
        assertThat(venue.place(OrderRequest.limit("rest-1", "ETH", Side.BUY, TENTH, new BigDecimal("2800"))).status())
                .isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void anIndexThisClientNeverSentIsAReusedIdNotOurPlacement() {
        Order first = venue.place(OrderRequest.limit("pog-7-1", "ETH", Side.BUY, TENTH, new BigDecimal("2800")));
        assertThat(first.status()).isEqualTo(OrderStatus.OPEN);
        LighterSettings s = settings();
        // another client on the account without this one's state dir (a second data dir, a lost state dir)
        LighterSettings elsewhere = new LighterSettings(s.baseUrl(), null, null, ACCOUNT, 3, null, null,
                dir.resolve("other"), true, null, Duration.ofSeconds(2), null, 2, null, null, null,
                Duration.ofMillis(50), Duration.ofMillis(200));
        try (LighterVenue second = open(elsewhere)) {
            // the epoch comes back from the client order index itself
            assertThat(second.openOrders()).extracting(Order::clientId).containsExactly("pog-7-1");
            // Lighter would create nothing for a used index and the old order would pass for the new one
            assertThatThrownBy(() -> second.place(OrderRequest.limit("pog-7-1", "ETH", Side.BUY, TENTH,
                    new BigDecimal("2700"))))
                    .isInstanceOfSatisfying(pog.venue.VenueException.class, e -> {
                        assertThat(e.clientIdReused()).isTrue();
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining("already used");
        }
        assertThat(venue.openOrders()).singleElement().satisfies(o ->
                assertThat(o.limitPrice()).isEqualByComparingTo("2800"));
    }

    @Test
    void refusalsAreRejectedOrders() {
        assertThat(venue.place(OrderRequest.market("tiny", "ETH", Side.BUY, new BigDecimal("0.0001"), false)))
                .satisfies(o -> {
                    assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
                    assertThat(o.rejectReason()).contains("21706");
                });
        assertThat(venue.place(OrderRequest.market("odd", "ETH", Side.BUY, new BigDecimal("0.00001"), false))
                .rejectReason()).contains("not a multiple of 0.0001");
        assertThat(venue.place(OrderRequest.market("huge", "BTC", Side.BUY, new BigDecimal("100"), false)).status())
                .isEqualTo(OrderStatus.REJECTED);
    }

    @Test
    void aRetryAfterATimeoutAfterSendFindsTheFirstOrder() {
        venue.close();
        venue = open(settings().withTimeouts(Duration.ofMillis(300), 1));
        server.faults().set(new Faults.Settings(1000, 0, 0, "sendTx"));

        assertThatThrownBy(() -> venue.place(OrderRequest.market("slow-1", "ETH", Side.BUY, TENTH, false)))
                .isInstanceOfSatisfying(VenueException.class, e -> assertThat(e.retryable()).isTrue());

        server.faults().set(new Faults.Settings(0, 0, 0));
        // The venue executed the unanswered transactions; however many were sent, one order exists.
        await().untilAsserted(() -> assertThat(venue.positions()).singleElement()
                .satisfies(p -> assertThat(p.size()).isEqualByComparingTo("0.1")));
        Order again = venue.place(OrderRequest.market("slow-1", "ETH", Side.BUY, TENTH, false));
        assertThat(again.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(venue.fillsSince(0)).hasSize(1);
        assertThat(venue.positions()).singleElement().satisfies(p -> assertThat(p.size()).isEqualByComparingTo("0.1"));
    }

    @Test
    void aDroppedSocketReconnectsAndGapFillsEachFillOnce() {
        venue.close();
        venue = open(settings().withReconnect(Duration.ofMillis(600), Duration.ofMillis(800)));
        List<Fill> pushed = new CopyOnWriteArrayList<>();
        List<Boolean> connection = new CopyOnWriteArrayList<>();
        venue.subscribe(new VenueListener() {
            @Override
            public void onFill(Fill fill) {
                pushed.add(fill);
            }

            @Override
            public void onConnection(boolean connected) {
                connection.add(connected);
            }
        });
        await().until(venue::streaming);
        venue.place(OrderRequest.market("a", "ETH", Side.BUY, TENTH, false));
        await().until(() -> pushed.size() == 1);

        server.dropWebSockets();
        await().until(() -> !venue.streaming());
        // Trades while the socket is down (the reconnect waits at least 300 ms).
        venue.place(OrderRequest.market("b", "ETH", Side.BUY, TENTH, false));
        await().until(venue::streaming);
        venue.place(OrderRequest.market("c", "ETH", Side.BUY, TENTH, false));

        await().untilAsserted(() -> assertThat(pushed).extracting(Fill::clientId).containsExactly("a", "b", "c"));
        assertThat(connection).containsExactly(true, false, true);
    }

    @Test
    void noncesKeepIncreasingAcrossARestartAndTheKeyFileMustBePrivate() throws Exception {
        venue.place(OrderRequest.limit("n1", "ETH", Side.BUY, TENTH, new BigDecimal("2800")));
        venue.close();
        java.nio.file.Files.delete(dir.resolve("client").resolve("lighter-nonce-42-3"));
        venue = open(settings()); // recovers from nextNonce
        assertThat(venue.place(OrderRequest.limit("n2", "ETH", Side.BUY, TENTH, new BigDecimal("2800"))).status())
                .isEqualTo(OrderStatus.OPEN);

        Path keyFile = dir.resolve("lighter.key");
        java.nio.file.Files.writeString(keyFile, key);
        java.nio.file.Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        LighterSettings s = settings();
        LighterSettings withFile = new LighterSettings(s.baseUrl(), null, null, ACCOUNT, 3, keyFile, null, s.stateDir(),
                true, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> open(withFile)).hasMessageContaining("chmod 600").hasMessageNotContaining(key);
        assertThatThrownBy(() -> LighterVenue.open(s, Map.of(), Clock.systemUTC()))
                .hasMessageContaining("LIGHTER_API_KEY");
        String other = PrivateKey.generate(new SecureRandom()).revealHex();
        assertThatThrownBy(() -> LighterVenue.open(s, Map.of("LIGHTER_API_KEY", other), Clock.systemUTC()))
                .isInstanceOf(VenueException.class).hasMessageContaining("another public key");
    }

    @Test
    void underRandom5xxAnd429EveryClientIdIsOneOrder() {
        server.faults().set(new Faults.Settings(0, 0.2, 0.1));
        for (int i = 0; i < 10; i++) {
            OrderRequest r = OrderRequest.market("flaky-" + i, "ETH", Side.BUY, TENTH, false);
            Order o = null;
            for (int attempt = 0; o == null && attempt < 30; attempt++) {
                try {
                    o = venue.place(r);
                } catch (VenueException e) {
                    assertThat(e.retryable()).isTrue(); // what a trader does: place the same client id again
                }
            }
            assertThat(o).isNotNull();
            assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        }
        server.faults().set(new Faults.Settings(0, 0, 0));
        assertThat(venue.fillsSince(0)).extracting(Fill::clientId).hasSize(10).doesNotHaveDuplicates();
        assertThat(venue.positions()).singleElement().satisfies(p -> assertThat(p.size()).isEqualByComparingTo("1.0"));
    }

    @Test
    void scheduledCancelAllAndLeverage() {
        venue.place(OrderRequest.limit("r1", "ETH", Side.BUY, TENTH, new BigDecimal("2800")));
        venue.scheduleCancelAll(System.currentTimeMillis() + 300);
        await().untilAsserted(() -> assertThat(venue.openOrders()).isEmpty());
        venue.place(OrderRequest.limit("r2", "ETH", Side.BUY, TENTH, new BigDecimal("2800")));
        venue.scheduleCancelAll(System.currentTimeMillis() + 60_000);
        venue.scheduleCancelAll(null);
        venue.cancelAll();
        assertThat(venue.openOrders()).isEmpty();

        venue.updateLeverage("BTC", 10);
        assertThat(server.simulator().exchange().leverage("42", "BTC")).isEqualTo(10);
    }

    @Test
    void marketFeedFollowsTheBookHearsEachPublicTradeOnceAndTheFunding() {
        RecordingListener recorder = new RecordingListener();
        venue.subscribeMarket(List.of("ETH"), recorder);
        List<TopOfBook> tops = recorder.tops;
        List<Trade> trades = recorder.trades;
        List<Funding> fundings = recorder.fundings;
        await().until(() -> !tops.isEmpty() && !fundings.isEmpty());
        assertThat(tops.get(0).bid()).isEqualByComparingTo("3000");
        assertThat(tops.get(0).ask()).isEqualByComparingTo("3000");
        assertThat(tops.get(0).askSize()).isPositive();
        // the simulator charges no funding; the next charge is the next full hour
        Funding f = fundings.get(0);
        assertThat(f.symbol()).isEqualTo("ETH");
        assertThat(f.rate()).isZero();
        assertThat(f.nextTime() % 3_600_000).isZero();
        assertThat(f.nextTime()).isGreaterThan(System.currentTimeMillis());

        // up, then down through where it was: a level left over from an earlier update would show as a crossed top
        server.simulator().exchange().jump("ETH", new BigDecimal("3100"));
        await().until(() -> last(tops).bid().compareTo(new BigDecimal("3100")) == 0);
        server.simulator().exchange().jump("ETH", new BigDecimal("2950"));
        await().until(() -> last(tops).ask().compareTo(new BigDecimal("2950")) == 0);
        assertThat(last(tops).bid()).isEqualByComparingTo("2950");
        assertThat(tops).allSatisfy(t -> assertThat(t.bid()).isEqualByComparingTo(t.ask()));
        assertThat(tops).extracting(TopOfBook::symbol).containsOnly("ETH");
        assertThat(venue.marks()).containsEntry("ETH", new BigDecimal("2950"));

        // another account's trade is on the public tape, with the side that took
        String key2 = PrivateKey.generate(new SecureRandom()).revealHex();
        LighterSettings s = settings();
        LighterSettings otherSettings = new LighterSettings(s.baseUrl(), null, null, ACCOUNT + 1, 3, null, null,
                dir.resolve("other"), true, null, Duration.ofSeconds(2), null, 2, null, null, null,
                Duration.ofMillis(50), Duration.ofMillis(200));
        try (LighterVenue other = LighterVenue.open(otherSettings, Map.of("LIGHTER_API_KEY", key2), Clock.systemUTC())) {
            assertThat(other.place(OrderRequest.market("o-1", "ETH", Side.BUY, TENTH, false)).status())
                    .isEqualTo(OrderStatus.FILLED);
            await().until(() -> trades.size() == 1);
            assertThat(trades.get(0).symbol()).isEqualTo("ETH");
            assertThat(trades.get(0).price()).isEqualByComparingTo("2950");
            assertThat(trades.get(0).size()).isEqualByComparingTo("0.1");
            assertThat(trades.get(0).aggressor()).isEqualTo(Side.BUY);

            // a reconnect resubscribes: the trade channel's snapshot repeats the tape, and nothing is heard twice
            long connects = venue.streamStatus().connects();
            venue.dropStream("test");
            await().until(() -> venue.streaming() && venue.streamStatus().connects() > connects);
            assertThat(other.place(OrderRequest.market("o-2", "ETH", Side.SELL, TENTH, false)).status())
                    .isEqualTo(OrderStatus.FILLED);
            await().until(() -> trades.size() >= 2);
            assertThat(trades).hasSize(2);
            assertThat(trades.get(1).aggressor()).isEqualTo(Side.SELL);
        }
    }

    private static TopOfBook last(List<TopOfBook> tops) {
        return tops.get(tops.size() - 1);
    }
}
