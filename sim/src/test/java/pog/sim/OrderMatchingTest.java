package pog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;
import static pog.sim.Sim.limit;
import static pog.sim.Sim.market;

import org.junit.jupiter.api.Test;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

class OrderMatchingTest extends OnAnExchange {
    @Test
    void marketOrderFillsAtMarkWithTakerFee() {
        Order o = ex.place("alice", market("m1", "BTC", Side.BUY, "0.1"));

        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(o.filledSize()).isEqualByComparingTo("0.1");
        Fill f = ex.fillsSince("alice", 0).get(0);
        assertThat(f.price()).isEqualByComparingTo("50000");
        assertThat(f.fee()).isEqualByComparingTo("2.5"); // 5000 notional * 5 bps
        assertThat(f.time()).isEqualTo(Sim.T0);
        assertThat(ex.positions("alice").get(0).size()).isEqualByComparingTo("0.1");
    }

    @Test
    void iocFillsAtMarkWhenTheMarkIsAtOrBetterThanItsLimit() {
        Order o = ex.place("alice", limit("i1", OrderType.LIMIT_IOC, "BTC", Side.BUY, "0.1", "50100"));

        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ex.fillsSince("alice", 0).get(0).price()).isEqualByComparingTo("50000");
    }

    @Test
    void iocIsCancelledWhenTheMarkIsWorseThanItsLimit() {
        Order o = ex.place("alice", limit("i1", OrderType.LIMIT_IOC, "BTC", Side.BUY, "0.1", "49999"));

        assertThat(o.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(o.rejectReason()).isEqualTo("limit not reached by mark 50000");
        assertThat(ex.fillsSince("alice", 0)).isEmpty();
        assertThat(ex.openOrders("alice")).isEmpty();
    }

    @Test
    void gtcLimitRestsUntilTheMarkReachesItThenFillsAtItsPriceWithMakerFee() {
        Order placed = ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49000"));
        assertThat(placed.status()).isEqualTo(OrderStatus.OPEN);

        ex.jump("BTC", d("49001"));
        assertThat(ex.openOrders("alice")).extracting(Order::clientId).containsExactly("g1");

        ex.jump("BTC", d("48990"));
        assertThat(ex.openOrders("alice")).isEmpty();
        assertThat(ex.order("alice", "g1").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
        Fill f = ex.fillsSince("alice", 0).get(0);
        assertThat(f.price()).isEqualByComparingTo("49000");
        assertThat(f.fee()).isEqualByComparingTo("0.98"); // 4900 notional * 2 bps
    }

    @Test
    void gtcSellLimitFillsWhenTheMarkRisesToIt() {
        ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.SELL, "0.1", "51000"));

        ex.jump("BTC", d("50999"));
        assertThat(ex.openOrders("alice")).hasSize(1);
        ex.jump("BTC", d("51000"));

        assertThat(ex.openOrders("alice")).isEmpty();
        assertThat(ex.positions("alice").get(0).size()).isEqualByComparingTo("-0.1");
        assertThat(ex.positions("alice").get(0).entryPrice()).isEqualByComparingTo("51000");
    }

    @Test
    void gtcLimitThatIsAlreadyReachedFillsAtMarkAsTaker() {
        Order o = ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "50500"));

        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        Fill f = ex.fillsSince("alice", 0).get(0);
        assertThat(f.price()).isEqualByComparingTo("50000");
        assertThat(f.fee()).isEqualByComparingTo("2.5");
    }

    @Test
    void postOnlyIsRejectedWhenItWouldFillImmediately() {
        Order o = ex.place("alice", limit("p1", OrderType.LIMIT_POST_ONLY, "BTC", Side.BUY, "0.1", "50000"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("post-only order would cross mark 50000");
        assertThat(ex.fillsSince("alice", 0)).isEmpty();
    }

    @Test
    void postOnlyRestsAndFillsAsMaker() {
        Order o = ex.place("alice", limit("p1", OrderType.LIMIT_POST_ONLY, "BTC", Side.SELL, "0.1", "50001"));
        assertThat(o.status()).isEqualTo(OrderStatus.OPEN);

        ex.jump("BTC", d("50002"));

        Fill f = ex.fillsSince("alice", 0).get(0);
        assertThat(f.price()).isEqualByComparingTo("50001");
        assertThat(f.fee()).isEqualByComparingTo("1.00002"); // 5000.1 * 2 bps
    }

    @Test
    void restingLimitFillsOnAFeedStepNotOnlyOnJumps() {
        ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49999"));
        ex.jump("BTC", d("49999")); // a jump reaches it
        assertThat(ex.openOrders("alice")).isEmpty();

        ex.place("alice", limit("g2", OrderType.LIMIT_GTC, "BTC", Side.SELL, "0.1", "50020"));
        int steps = 0;
        while (!ex.openOrders("alice").isEmpty() && steps < 10_000) {
            ex.step();
            steps++;
        }
        assertThat(ex.openOrders("alice")).isEmpty();
        assertThat(ex.marks().get("BTC")).isGreaterThanOrEqualTo(d("50020"));
        assertThat(ex.fillsSince("alice", 0)).extracting(Fill::price).last().isEqualTo(d("50020"));
    }

    @Test
    void sizeThatIsNotAMultipleOfTheLotIsRejected() {
        Order o = ex.place("alice", market("m1", "BTC", Side.BUY, "0.0015"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("size 0.0015 is not a multiple of lot size 0.001");
    }

    @Test
    void limitPriceThatIsNotAMultipleOfTheTickIsRejected() {
        Order o = ex.place("alice", limit("l1", OrderType.LIMIT_GTC, "ETH", Side.BUY, "1", "2999.95"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("limit price 2999.95 is not a multiple of tick size 0.1");
    }

    @Test
    void triggerPriceThatIsNotAMultipleOfTheTickIsRejected() {
        ex.place("alice", market("m1", "BTC", Side.BUY, "0.1"));
        Order o = ex.place("alice", Sim.stop("s1", "BTC", Side.SELL, "0.1", "49000.5"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("trigger price 49000.5 is not a multiple of tick size 1");
    }

    @Test
    void unknownSymbolIsRejected() {
        Order o = ex.place("alice", market("m1", "DOGE", Side.BUY, "1"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("unknown symbol DOGE");
    }

    @Test
    void cancelRemovesARestingOrderAndReportsWhetherThereWasOne() {
        ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49000"));

        assertThat(ex.cancel("alice", "BTC", "g1")).isTrue();
        assertThat(ex.cancel("alice", "BTC", "g1")).isFalse();
        assertThat(ex.cancel("alice", "BTC", "nope")).isFalse();
        assertThat(ex.openOrders("alice")).isEmpty();
        assertThat(ex.order("alice", "g1").orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);

        ex.jump("BTC", d("48000"));
        assertThat(ex.fillsSince("alice", 0)).isEmpty();
    }

    @Test
    void cancelByOrderIdWorksToo() {
        Order o = ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49000"));

        assertThat(ex.orderById("alice", o.orderId())).contains(o);
        assertThat(ex.cancelOrder("alice", o.orderId())).isTrue();
        assertThat(ex.cancelOrder("bob", o.orderId())).as("another account's order").isFalse();
        assertThat(ex.openOrders("alice")).isEmpty();
    }

    @Test
    void listenersHearTheStoryOfAnOrderInOrder() {
        Sim.Recorder alice = new Sim.Recorder();
        Sim.Recorder bob = new Sim.Recorder();
        ex.subscribe("alice", alice);
        ex.subscribe("bob", bob);

        ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49000"));
        ex.jump("BTC", d("49000"));

        assertThat(alice.events()).containsExactly(
                "order g1 OPEN",
                "fill g1 BUY 0.1@49000",
                "order g1 FILLED");
        assertThat(bob.events()).isEmpty();
    }

    @Test
    void markListenersHearEveryStep() {
        Sim.Recorder marks = new Sim.Recorder();
        ex.subscribeMarks(marks);

        ex.step();
        ex.step();

        assertThat(marks.marks).hasSize(4); // two symbols, two steps
        assertThat(marks.marks.get(2)).isEqualTo(ex.marks().get("BTC"));
    }

    @Test
    void aListenerMayPlaceOrdersFromInsideACallback() {
        Sim.Recorder after = new Sim.Recorder();
        ex.subscribe("alice", new pog.venue.VenueListener() {
            @Override
            public void onFill(Fill fill) {
                if (fill.clientId().equals("entry")) {
                    ex.place("alice", Sim.stop("stop", "BTC", Side.SELL, "0.1", "49000"));
                }
            }
        });
        ex.subscribe("alice", after);

        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));

        assertThat(after.events()).containsExactly("fill entry BUY 0.1@50000", "order entry FILLED", "order stop OPEN");
        assertThat(ex.openOrders("alice")).extracting(Order::clientId).containsExactly("stop");
    }

    @Test
    void marketRequestForAFreshAccountCreatesItWithTheStartingBalance() {
        assertThat(ex.account("carol").equity()).isEqualByComparingTo("10000");
        assertThat(ex.balance("carol")).isEqualByComparingTo("10000");
        OrderRequest r = market("m1", "ETH", Side.SELL, "1");
        assertThat(ex.place("dave", r).status()).isEqualTo(OrderStatus.FILLED);
    }
}
