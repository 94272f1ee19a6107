package pog.sim;

import pog.common.time.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;
import static pog.sim.Sim.limit;
import static pog.sim.Sim.market;
import static pog.sim.Sim.reduceOnlyMarket;
import static pog.sim.Sim.stop;
import static pog.sim.Sim.takeProfit;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

class TriggerAndReduceOnlyTest {
    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Sim.T0);
    Exchange ex;
    Sim.Recorder alice = new Sim.Recorder();

    @BeforeEach
    void open() {
        ex = Sim.open(dir.resolve("sim.db"), clock);
        ex.subscribe("alice", alice);
    }

    @AfterEach
    void close() {
        ex.close();
    }

    // ------------------------------------------------------------ stops and take-profits

    @Test
    void stopLossClosesLongWhenMarkFallsThroughTrigger() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "49000"));

        ex.jump("BTC", d("49001"));
        assertThat(ex.openOrders("alice")).extracting(Order::clientId).containsExactly("sl");

        alice.events.clear();
        ex.jump("BTC", d("48950"));

        assertThat(alice.events()).containsExactly("order sl TRIGGERED", "fill sl SELL 0.1@48950", "order sl FILLED");
        assertThat(ex.positions("alice")).isEmpty();
        Fill f = alice.fills.get(1);
        assertThat(f.realizedPnl()).isEqualByComparingTo("-105");   // 0.1 * (48950 - 50000)
        assertThat(f.fee()).isEqualByComparingTo("2.4475");         // taker: 4895 * 5 bps
        assertThat(ex.order("alice", "sl").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void stopLossFiresWhenTheMarkTouchesTheTriggerExactly() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "49000"));

        ex.jump("BTC", d("49000"));

        assertThat(ex.positions("alice")).isEmpty();
    }

    @Test
    void stopLossClosesShortWhenMarkRisesThroughTrigger() {
        ex.place("alice", market("entry", "BTC", Side.SELL, "0.1"));
        ex.place("alice", stop("sl", "BTC", Side.BUY, "0.1", "51000"));

        ex.jump("BTC", d("50999"));
        assertThat(ex.positions("alice")).hasSize(1);

        ex.jump("BTC", d("51000"));
        assertThat(ex.positions("alice")).isEmpty();
        assertThat(alice.fills.get(1).realizedPnl()).isEqualByComparingTo("-100");
    }

    @Test
    void stopLossFiresOnTheFirstFeedStepThatCrossesAndNotBefore() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        BigDecimal trigger = d("49950");
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", trigger.toPlainString()));

        int steps = 0;
        boolean crossed = false;
        while (!crossed && steps < 100_000) {
            ex.step();
            steps++;
            BigDecimal mark = ex.marks().get("BTC");
            crossed = mark.compareTo(trigger) <= 0;
            assertThat(ex.positions("alice")).as("after step %d at mark %s", steps, mark).hasSize(crossed ? 0 : 1);
        }
        assertThat(crossed).isTrue();
        Fill stopFill = alice.fills.get(1);
        assertThat(stopFill.price()).isEqualTo(ex.marks().get("BTC"));
        assertThat(stopFill.price()).isLessThanOrEqualTo(trigger);
    }

    @Test
    void takeProfitClosesLongWhenMarkRisesToTrigger() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        ex.place("alice", takeProfit("tp", "BTC", Side.SELL, "0.1", "52000"));

        ex.jump("BTC", d("51999"));
        assertThat(ex.positions("alice")).hasSize(1);
        ex.jump("BTC", d("52000"));

        assertThat(ex.positions("alice")).isEmpty();
        assertThat(alice.fills.get(1).realizedPnl()).isEqualByComparingTo("200");
        assertThat(ex.order("alice", "tp").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void takeProfitClosesShortWhenMarkFallsToTrigger() {
        ex.place("alice", market("entry", "ETH", Side.SELL, "1"));
        ex.place("alice", takeProfit("tp", "ETH", Side.BUY, "1", "2800"));

        ex.jump("ETH", d("2800.1"));
        assertThat(ex.positions("alice")).hasSize(1);
        ex.jump("ETH", d("2799.9"));

        assertThat(ex.positions("alice")).isEmpty();
        assertThat(alice.fills.get(1).price()).isEqualByComparingTo("2799.9");
    }

    @Test
    void stopWhoseTriggerIsAlreadyCrossedFiresOnArrival() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));

        Order sl = ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "50500"));

        assertThat(sl.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ex.positions("alice")).isEmpty();
    }

    @Test
    void theOtherProtectiveOrderIsCancelledWhenOneFires() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "49000"));
        ex.place("alice", takeProfit("tp", "BTC", Side.SELL, "0.1", "52000"));

        ex.jump("BTC", d("52000"));

        Order sl = ex.order("alice", "sl").orElseThrow();
        assertThat(sl.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(sl.rejectReason()).isEqualTo("position closed");
        assertThat(ex.openOrders("alice")).isEmpty();
    }

    @Test
    void triggerOrdersAreAlwaysReduceOnly() {
        Order sl = ex.place("alice", new pog.venue.OrderRequest("sl", "BTC", Side.SELL, OrderType.STOP_MARKET, d("0.1"),
                null, d("49000"), false));

        assertThat(sl.reduceOnly()).isTrue();
        assertThat(sl.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(sl.rejectReason()).isEqualTo("reduce-only order has no position to reduce");
    }

    @Test
    void stopLargerThanThePositionClosesOnlyThePosition() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.5", "49000"));

        ex.jump("BTC", d("48000"));

        Order sl = ex.order("alice", "sl").orElseThrow();
        assertThat(sl.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(sl.filledSize()).isEqualByComparingTo("0.1");
        assertThat(ex.positions("alice")).isEmpty();
    }

    // ------------------------------------------------------------ reduce-only

    @Test
    void reduceOnlyMarketIsClippedToThePosition() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));

        Order o = ex.place("alice", reduceOnlyMarket("ro", "BTC", Side.SELL, "0.5"));

        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(o.size()).isEqualByComparingTo("0.5");
        assertThat(o.filledSize()).isEqualByComparingTo("0.1");
        assertThat(ex.positions("alice")).isEmpty();
    }

    @Test
    void reduceOnlyWithoutAPositionIsRejected() {
        Order o = ex.place("alice", reduceOnlyMarket("ro", "BTC", Side.SELL, "0.1"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("reduce-only order has no position to reduce");
    }

    @Test
    void reduceOnlyOnTheSideThatWouldGrowThePositionIsRejected() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));

        Order o = ex.place("alice", reduceOnlyMarket("ro", "BTC", Side.BUY, "0.1"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("reduce-only order would increase the position");
    }

    @Test
    void restingReduceOnlyLimitIsClippedWhenItFills() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.3"));
        ex.place("alice", new pog.venue.OrderRequest("ro", "BTC", Side.SELL, OrderType.LIMIT_GTC, d("0.3"), d("51000"),
                null, true));
        ex.place("alice", market("part", "BTC", Side.SELL, "0.2"));

        ex.jump("BTC", d("51000"));

        Order ro = ex.order("alice", "ro").orElseThrow();
        assertThat(ro.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ro.filledSize()).isEqualByComparingTo("0.1");
        assertThat(ex.positions("alice")).isEmpty();
    }

    @Test
    void restingReduceOnlyOrdersAreCancelledWhenThePositionGoesAway() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "49000"));
        ex.place("alice", new pog.venue.OrderRequest("ro", "BTC", Side.SELL, OrderType.LIMIT_GTC, d("0.1"), d("55000"),
                null, true));
        ex.place("alice", limit("other", OrderType.LIMIT_GTC, "ETH", Side.BUY, "0.1", "2000"));

        alice.events.clear();
        ex.place("alice", market("exit", "BTC", Side.SELL, "0.1"));

        assertThat(alice.events()).containsExactly(
                "fill exit SELL 0.1@50000",
                "order exit FILLED",
                "order sl CANCELLED",
                "order ro CANCELLED");
        assertThat(ex.openOrders("alice")).extracting(Order::clientId).containsExactly("other");
    }

    @Test
    void restingReduceOnlyOrdersAreCancelledWhenThePositionReverses() {
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "49000"));

        ex.place("alice", market("flip", "BTC", Side.SELL, "0.2"));

        assertThat(ex.order("alice", "sl").orElseThrow().rejectReason()).isEqualTo("position reversed");
        assertThat(ex.openOrders("alice")).isEmpty();
    }
}
