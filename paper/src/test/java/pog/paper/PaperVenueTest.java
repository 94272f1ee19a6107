package pog.paper;

import pog.common.time.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.sim.Exchange;
import pog.sim.SimConfig;
import pog.sim.SymbolSpec;
import pog.venue.Fill;
import pog.venue.Funding;
import pog.venue.RecordingListener;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.Side;
import pog.venue.TopOfBook;
import pog.venue.Trade;
import pog.venue.Venue;
import pog.venue.VenueListener;

class PaperVenueTest {
    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(1_700_000_000_000L);

    /** Round numbers (taker 5 bps, leverage 10), so the fee in an equity can be worked out by hand. */
    private Exchange exchange() {
        SimConfig config = new SimConfig(7L, 1000L, d("10000"), d("5"), d("2"), 10, d("0.5"), List.of(
                new SymbolSpec("BTC", d("50000"), 0.04, d("1"), d("0.001"), 50),
                new SymbolSpec("ETH", d("3000"), 0.05, d("0.1"), d("0.01"), 25)));
        return Exchange.open(config, dir.resolve("sim.db"), clock);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static OrderRequest market(String clientId, String symbol, Side side, String size) {
        return OrderRequest.market(clientId, symbol, side, d(size), false);
    }

    /** What the venue's one subscriber hears: order and fill events as short lines, and how many marks. */
    private static final class Heard implements VenueListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<BigDecimal> marks = new CopyOnWriteArrayList<>();

        @Override
        public void onMark(String symbol, BigDecimal mark, long time) {
            marks.add(mark);
        }

        @Override
        public void onOrder(Order order) {
            events.add("order " + order.clientId() + " " + order.status());
        }

        @Override
        public void onFill(Fill fill) {
            events.add("fill " + fill.clientId() + " " + fill.side() + " " + fill.size().toPlainString() + "@"
                    + fill.price().toPlainString());
        }
    }

    @Test
    void paperVenueTradesOneAccountOfTheExchange() {
        try (Exchange ex = exchange()) {
            Venue venue = new PaperVenue(ex, "alice");

            assertThat(venue.name()).isEqualTo("paper");
            assertThat(venue.accountId()).isEqualTo("alice");
            assertThat(venue.markets()).extracting(MarketInfo::symbol).containsExactly("BTC", "ETH");
            assertThat(venue.marks()).containsEntry("BTC", d("50000"));

            assertThat(venue.place(market("m1", "BTC", Side.BUY, "0.1")).status()).isEqualTo(OrderStatus.FILLED);
            venue.place(OrderRequest.stopLoss("sl", "BTC", Side.SELL, d("0.1"), d("49000")));

            assertThat(venue.positions()).hasSize(1);
            assertThat(venue.openOrders()).hasSize(1);
            assertThat(venue.fillsSince(0)).hasSize(1);
            assertThat(venue.account().equity()).isEqualByComparingTo("9997.5");
            assertThat(venue.cancel("BTC", "sl")).isTrue();
            assertThat(ex.positions("bob")).isEmpty();

            venue.close(); // does not own the exchange
            assertThat(ex.marks()).isNotEmpty();
        }
    }

    @Test
    void subscriptionCarriesMarksAndOnlyThisAccountsOrdersAndFillsUntilClosed() throws Exception {
        try (Exchange ex = exchange()) {
            PaperVenue venue = new PaperVenue(ex, "alice");
            Heard heard = new Heard();
            AutoCloseable subscription = venue.subscribe(heard);

            venue.place(market("mine", "BTC", Side.BUY, "0.1"));
            ex.place("bob", market("theirs", "BTC", Side.BUY, "0.1"));
            ex.step();

            assertThat(heard.events).containsExactly("fill mine BUY 0.1@50000", "order mine FILLED");
            assertThat(heard.marks).hasSize(2);

            subscription.close();
            ex.step();
            venue.place(market("later", "BTC", Side.SELL, "0.1"));
            assertThat(heard.events).hasSize(2);
            assertThat(heard.marks).hasSize(2);
        }
    }

    @Test
    void openedFromAFileTheVenueRunsItsOwnFeedAndReleasesTheFileOnClose() throws Exception {
        Path file = dir.resolve("paper.db");
        SimConfig fast = new SimConfig(1L, 10L, d("1000"), d("4.5"), d("1.5"), 5, d("0.5"),
                SimConfig.defaults().symbols());
        CountDownLatch marks = new CountDownLatch(5);
        try (PaperVenue venue = PaperVenue.open(fast, file, Clock.systemUTC(), "demo")) {
            venue.subscribe(new VenueListener() {
                @Override
                public void onMark(String symbol, BigDecimal mark, long time) {
                    marks.countDown();
                }
            });
            venue.place(market("m1", "SOL", Side.BUY, "1"));
            assertThat(marks.await(10, TimeUnit.SECONDS)).as("the runner publishes marks").isTrue();
            assertThat(venue.exchange().stepCount()).isPositive();
        }

        try (PaperVenue reopened = PaperVenue.open(fast, file, Clock.systemUTC(), "demo")) {
            assertThat(reopened.positions()).extracting(p -> p.size().toPlainString()).containsExactly("1");
        }
    }

    @Test
    void marketFeedShowsTheMarkAsTheTopTheExchangesExecutionsAsTradesAndNoFunding() throws Exception {
        try (Exchange ex = exchange()) {
            PaperVenue venue = new PaperVenue(ex, "alice");
            RecordingListener recorder = new RecordingListener();
            AutoCloseable market = venue.subscribeMarket(List.of("BTC"), recorder);
            List<TopOfBook> tops = recorder.tops;
            List<Trade> trades = recorder.trades;
            List<Funding> fundings = recorder.fundings;

            // at once: where BTC is now, and that the paper exchange charges no funding
            assertThat(tops).singleElement().satisfies(t -> {
                assertThat(t.bid()).isEqualByComparingTo("50000");
                assertThat(t.ask()).isEqualByComparingTo("50000");
                assertThat(t.bidSize()).isNull();
                assertThat(t.askSize()).isNull();
            });
            assertThat(fundings).singleElement().satisfies(f -> {
                assertThat(f.symbol()).isEqualTo("BTC");
                assertThat(f.rate()).isZero();
                assertThat(f.nextTime()).isZero();
            });

            ex.jump("BTC", d("50100"));
            ex.jump("ETH", d("3010")); // not asked for
            assertThat(tops).extracting(TopOfBook::symbol).containsOnly("BTC");
            assertThat(tops.get(tops.size() - 1).bid()).isEqualByComparingTo("50100");
            assertThat(tops.get(tops.size() - 1).ask()).isEqualByComparingTo("50100");

            venue.place(market("m1", "BTC", Side.BUY, "0.1"));
            venue.place(market("m2", "ETH", Side.BUY, "1"));
            assertThat(trades).singleElement().satisfies(t -> {
                assertThat(t.symbol()).isEqualTo("BTC");
                assertThat(t.price()).isEqualByComparingTo("50100");
                assertThat(t.size()).isEqualByComparingTo("0.1");
            });

            market.close();
            int heard = tops.size();
            ex.jump("BTC", d("50200"));
            venue.place(market("m3", "BTC", Side.SELL, "0.1"));
            assertThat(tops).hasSize(heard);
            assertThat(trades).hasSize(1);
        }
    }
}
