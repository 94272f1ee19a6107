package pog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;
import static pog.sim.Sim.limit;
import static pog.sim.Sim.market;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

/**
 * Takers against an installed book: a four-level book that follows the mark (asks at mark +1, +2, +5, +10 with
 * 0.1, 0.2, 0.3, 5 BTC; bids mirrored), BTC at 50,000, tick 1, 10,000 USDC at leverage 10.
 */
class BookMatchingTest {
    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Sim.T0);
    Exchange ex;

    static final class FollowingBook implements Liquidity {
        @Override
        public List<Level> levels(String symbol, Side takerSide, BigDecimal mark) {
            int sign = takerSide == Side.BUY ? 1 : -1;
            return List.of(level(mark, sign, 1, "0.1"), level(mark, sign, 2, "0.2"), level(mark, sign, 5, "0.3"),
                    level(mark, sign, 10, "5"));
        }

        private static Level level(BigDecimal mark, int sign, int offset, String size) {
            return new Level(mark.add(BigDecimal.valueOf((long) sign * offset)), d(size));
        }
    }

    @BeforeEach
    void open() {
        ex = Sim.open(dir.resolve("sim.db"), clock);
        ex.useLiquidity(new FollowingBook());
    }

    @AfterEach
    void close() {
        ex.close();
    }

    private List<Fill> fills() {
        return ex.fillsSince("alice", 0);
    }

    @Test
    void anIocLargerThanTheBestLevelWalksTheBookAtEachLevelsPrice() {
        Order o = ex.place("alice", limit("i1", OrderType.LIMIT_IOC, "BTC", Side.BUY, "0.25", "50010"));

        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(o.filledSize()).isEqualByComparingTo("0.25");
        assertThat(fills()).extracting(Fill::price, Fill::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(d("50001"), d("0.1")),
                        org.assertj.core.groups.Tuple.tuple(d("50002"), d("0.15")));
        // taker fee (5 bps) on each level's own notional
        assertThat(fills().get(1).fee()).isEqualByComparingTo(d("0.15").multiply(d("50002")).multiply(d("0.0005")));
        assertThat(ex.positions("alice").get(0).entryPrice()).isGreaterThan(d("50001")).isLessThan(d("50002"));
    }

    @Test
    void anIocStopsAtItsLimitAndTheRestIsCancelled() {
        Order o = ex.place("alice", limit("i1", OrderType.LIMIT_IOC, "BTC", Side.BUY, "0.5", "50002"));

        assertThat(o.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(o.filledSize()).isEqualByComparingTo("0.3");
        assertThat(o.rejectReason()).startsWith("limit not reached").endsWith("remaining 0.2");
        assertThat(fills()).extracting(Fill::price).containsExactly(d("50001"), d("50002"));
        assertThat(ex.positions("alice").get(0).size()).isEqualByComparingTo("0.3");
        assertThat(ex.openOrders("alice")).isEmpty();
    }

    @Test
    void anIocAtTheMarkBelowTheBestAskFillsNothing() {
        Order o = ex.place("alice", limit("i1", OrderType.LIMIT_IOC, "BTC", Side.BUY, "0.1", "50000"));

        assertThat(o.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(o.filledSize()).isZero();
        assertThat(o.rejectReason()).isEqualTo("limit not reached by book 50001");
        assertThat(fills()).isEmpty();
    }

    @Test
    void aMarketOrderLargerThanTheBookTakesAllOfItAndCancelsTheRest() {
        ex.deposit("alice", d("100000"));
        Order o = ex.place("alice", market("m1", "BTC", Side.SELL, "6"));

        assertThat(o.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(o.filledSize()).isEqualByComparingTo("5.6");
        assertThat(o.rejectReason()).isEqualTo("no more liquidity in the book for the remaining 0.4");
        assertThat(fills()).extracting(Fill::price).containsExactly(d("49999"), d("49998"), d("49995"), d("49990"));
    }

    @Test
    void aCrossingGtcTakesWhatTheBookHasWithinItsLimitAndRestsTheRemainder() {
        Order o = ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.5", "50002"));

        assertThat(o.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(o.filledSize()).isEqualByComparingTo("0.3");
        assertThat(ex.openOrders("alice")).singleElement().satisfies(open -> {
            assertThat(open.remaining()).isEqualByComparingTo("0.2");
            assertThat(open.limitPrice()).isEqualByComparingTo("50002");
        });

        ex.jump("BTC", d("50001")); // the mark reaches the resting limit: the rest fills there, maker fee
        Order done = ex.order("alice", "g1").orElseThrow();
        assertThat(done.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(done.filledSize()).isEqualByComparingTo("0.5");
        Fill last = fills().get(fills().size() - 1);
        assertThat(last.price()).isEqualByComparingTo("50002");
        assertThat(last.size()).isEqualByComparingTo("0.2");
        assertThat(last.fee()).isEqualByComparingTo(d("0.2").multiply(d("50002")).multiply(d("0.0002")));
    }

    @Test
    void postOnlyIsJudgedAgainstTheBestOppositeLevelNotTheMark() {
        Order crossing = ex.place("alice", limit("p1", OrderType.LIMIT_POST_ONLY, "BTC", Side.BUY, "0.1", "50001"));
        Order atMark = ex.place("alice", limit("p2", OrderType.LIMIT_POST_ONLY, "BTC", Side.BUY, "0.1", "50000"));

        assertThat(crossing.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(crossing.rejectReason()).isEqualTo("post-only order would cross book 50001");
        assertThat(atMark.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(fills()).isEmpty();
    }

    @Test
    void aWalkTheMarginCannotCarryIsRefusedWholeAndNothingFills() {
        // 2.5 BTC ≈ 125k notional against 100k of buying power at leverage 10
        Order o = ex.place("alice", limit("i1", OrderType.LIMIT_IOC, "BTC", Side.BUY, "2.5", "50010"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("insufficient margin");
        assertThat(fills()).isEmpty();
        assertThat(ex.positions("alice")).isEmpty();
    }

    @Test
    void aTriggeredStopWalksTheBookAroundTheNewMark() {
        ex.place("alice", limit("e1", OrderType.LIMIT_IOC, "BTC", Side.BUY, "0.3", "50010"));
        ex.place("alice", Sim.stop("s1", "BTC", Side.SELL, "0.3", "49000"));

        ex.jump("BTC", d("48990"));

        Order stop = ex.order("alice", "s1").orElseThrow();
        assertThat(stop.status()).isEqualTo(OrderStatus.FILLED);
        List<Fill> all = fills();
        assertThat(all.subList(2, all.size())).extracting(Fill::price, Fill::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(d("48989"), d("0.1")),
                        org.assertj.core.groups.Tuple.tuple(d("48988"), d("0.2")));
        assertThat(ex.positions("alice")).isEmpty();
    }

    @Test
    void childrenOfAPartlyFilledRestingParentCoverTheWholeParent() {
        OrderRequest parent = limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.5", "50002");
        Exchange.Group g = ex.placeWithChildren("alice", parent, List.of(Sim.stop("s1", "BTC", Side.SELL, "0.5", "49000")));

        assertThat(g.parent().filledSize()).isEqualByComparingTo("0.3");
        assertThat(ex.order("alice", "s1").orElseThrow()).satisfies(stop -> {
            assertThat(stop.status()).isEqualTo(OrderStatus.OPEN);
            assertThat(stop.size()).isEqualByComparingTo("0.5"); // the resting 0.2 is covered when it fills
        });
    }

    @Test
    void withoutABookTakersStillFillAtTheMark() {
        ex.useLiquidity(null);
        Order o = ex.place("alice", market("m1", "BTC", Side.BUY, "1"));

        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(fills()).singleElement().extracting(Fill::price).isEqualTo(d("50000"));
    }
}
