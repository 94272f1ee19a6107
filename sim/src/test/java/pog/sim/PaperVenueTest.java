package pog.sim;

import pog.common.time.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;
import static pog.sim.Sim.market;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.venue.MarketInfo;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.Side;
import pog.venue.Venue;
import pog.venue.VenueListener;

class PaperVenueTest {
    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Sim.T0);

    @Test
    void paperVenueTradesOneAccountOfTheExchange() {
        try (Exchange ex = Sim.open(dir.resolve("sim.db"), clock)) {
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
        try (Exchange ex = Sim.open(dir.resolve("sim.db"), clock)) {
            PaperVenue venue = new PaperVenue(ex, "alice");
            Sim.Recorder heard = new Sim.Recorder();
            AutoCloseable subscription = venue.subscribe(heard);

            venue.place(market("mine", "BTC", Side.BUY, "0.1"));
            ex.place("bob", market("theirs", "BTC", Side.BUY, "0.1"));
            ex.step();

            assertThat(heard.events()).containsExactly("fill mine BUY 0.1@50000", "order mine FILLED");
            assertThat(heard.marks).hasSize(2);

            subscription.close();
            ex.step();
            venue.place(market("later", "BTC", Side.SELL, "0.1"));
            assertThat(heard.events()).hasSize(2);
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
}
