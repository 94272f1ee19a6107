package pog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;
import static pog.sim.Sim.limit;

import java.nio.file.Path;
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

/** Trigger orders that open positions, and trigger limits, against the book of {@link BookMatchingTest}. */
class TriggerEntryAndLimitTest {
    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Sim.T0);
    Exchange ex;

    @BeforeEach
    void open() {
        ex = reopen();
    }

    private Exchange reopen() {
        Exchange e = Sim.open(dir.resolve("sim.db"), clock);
        e.useLiquidity(new BookMatchingTest.FollowingBook());
        e.allowTriggerEntries(true);
        return e;
    }

    @AfterEach
    void close() {
        ex.close();
    }

    private static OrderRequest trigger(String id, OrderType type, Side side, String size, String trigger, String limit,
                                        boolean reduceOnly) {
        return new OrderRequest(id, "BTC", side, type, d(size), limit == null ? null : d(limit), d(trigger),
                reduceOnly);
    }

    @Test
    void withoutTheOptionEveryTriggerIsReduceOnly() {
        ex.allowTriggerEntries(false);
        Order o = ex.place("alice", trigger("e1", OrderType.STOP_MARKET, Side.BUY, "0.1", "50100", null, false));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("reduce-only order has no position to reduce");
    }

    @Test
    void aStopEntryOpensAPositionWhenTheMarkRisesToItsTrigger() {
        Order o = ex.place("alice", trigger("e1", OrderType.STOP_MARKET, Side.BUY, "0.1", "50100", null, false));
        assertThat(o.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(o.reduceOnly()).isFalse();

        ex.jump("BTC", d("50099"));
        assertThat(ex.positions("alice")).isEmpty();
        ex.jump("BTC", d("50100"));

        assertThat(ex.order("alice", "e1").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ex.positions("alice")).singleElement().satisfies(p -> {
            assertThat(p.size()).isEqualByComparingTo("0.1");
            assertThat(p.entryPrice()).isEqualByComparingTo("50101"); // the best ask around the new mark
        });
    }

    @Test
    void aTakeProfitEntryBuysTheDip() {
        ex.place("alice", trigger("e1", OrderType.TAKE_PROFIT_MARKET, Side.BUY, "0.1", "49900", null, false));

        ex.jump("BTC", d("49950"));
        assertThat(ex.positions("alice")).isEmpty();
        ex.jump("BTC", d("49900"));

        assertThat(ex.positions("alice")).singleElement().extracting(p -> p.size()).isEqualTo(d("0.1"));
    }

    @Test
    void aStopEntryTheMarginCannotCarryIsRefusedOnArrival() {
        Order o = ex.place("alice", trigger("e1", OrderType.STOP_MARKET, Side.BUY, "3", "50100", null, false));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("insufficient margin");
    }

    @Test
    void aTriggerLimitThatFiresWithinReachFillsDownToItsLimit() {
        ex.place("alice", limit("in", OrderType.LIMIT_IOC, "BTC", Side.BUY, "0.3", "50010"));
        ex.place("alice", trigger("sl", OrderType.STOP_MARKET, Side.SELL, "0.3", "49000", "48985", true));

        ex.jump("BTC", d("48990")); // bids 48989 (0.1), 48988 (0.2): both at or above the limit

        Order sl = ex.order("alice", "sl").orElseThrow();
        assertThat(sl.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ex.fillsSince("alice", 0)).extracting(Fill::price).endsWith(d("48989"), d("48988"));
        assertThat(ex.positions("alice")).isEmpty();
    }

    @Test
    void aTriggerLimitTheMarketGapsThroughRestsAtItsLimitAndSurvivesARestart() {
        ex.place("alice", limit("in", OrderType.LIMIT_IOC, "BTC", Side.BUY, "0.3", "50010"));
        ex.place("alice", trigger("sl", OrderType.STOP_MARKET, Side.SELL, "0.3", "49000", "48950", true));

        ex.jump("BTC", d("48900")); // fires, but the best bid 48899 is below the limit

        Order sl = ex.order("alice", "sl").orElseThrow();
        assertThat(sl.status()).isEqualTo(OrderStatus.TRIGGERED);
        assertThat(ex.positions("alice")).singleElement().extracting(p -> p.size()).isEqualTo(d("0.3"));

        ex.close();
        ex = reopen();
        assertThat(ex.openOrders("alice")).singleElement().satisfies(o -> {
            assertThat(o.clientId()).isEqualTo("sl");
            assertThat(o.status()).isEqualTo(OrderStatus.TRIGGERED);
        });

        ex.jump("BTC", d("48940"));
        assertThat(ex.positions("alice")).hasSize(1); // still below the limit: a limit, not a re-armed stop
        ex.jump("BTC", d("48960"));

        assertThat(ex.order("alice", "sl").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
        Fill last = ex.fillsSince("alice", 0).get(ex.fillsSince("alice", 0).size() - 1);
        assertThat(last.price()).isEqualByComparingTo("48950");
        assertThat(ex.positions("alice")).isEmpty();
    }
}
