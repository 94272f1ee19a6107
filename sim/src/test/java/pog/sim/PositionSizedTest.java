package pog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;
import static pog.sim.Sim.market;

import org.junit.jupiter.api.Test;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.Side;

/** Reduce-only orders sized to the whole position (a venue's position TP/SL), at the mark (no book). */
class PositionSizedTest extends OnAnExchange {
    private Order stop() {
        return ex.openOrders("alice").stream().filter(o -> o.clientId().equals("sl")).findFirst().orElse(null);
    }

    @Test
    void itIsSizedToThePositionAndResizedByEveryFillInTheSameTransaction() {
        ex.place("alice", market("m1", "BTC", Side.BUY, "0.1"));
        Order placed = ex.placePositionSized("alice", Sim.stop("sl", "BTC", Side.SELL, "0.001", "45000"));
        assertThat(placed.size()).isEqualByComparingTo("0.1");
        ex.place("alice", market("m2", "BTC", Side.BUY, "0.05"));
        assertThat(stop().size()).isEqualByComparingTo("0.15");
        assertThat(stop().orderId()).isEqualTo(placed.orderId());

        ex.place("alice", market("m3", "BTC", Side.SELL, "0.12"));
        assertThat(stop().remaining()).isEqualByComparingTo("0.03");

        ex.place("alice", market("m4", "BTC", Side.SELL, "0.03"));
        assertThat(stop()).isNull();
        assertThat(ex.order("alice", "sl").orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void itIsRefusedWithoutAPosition() {
        Order o = ex.placePositionSized("alice", Sim.stop("sl", "BTC", Side.SELL, "0.001", "45000"));

        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(o.rejectReason()).isEqualTo("reduce-only order has no position to reduce");
    }

    @Test
    void itKeepsFollowingAfterARestart() {
        ex.place("alice", market("m1", "BTC", Side.BUY, "0.1"));
        ex.placePositionSized("alice", Sim.stop("sl", "BTC", Side.SELL, "0.001", "45000"));
        reopen();

        ex.place("alice", market("m2", "BTC", Side.BUY, "0.2"));

        assertThat(stop().size()).isEqualByComparingTo("0.3");
        ex.jump("BTC", d("44000"));
        assertThat(ex.positions("alice")).isEmpty();
    }

    @Test
    void theProtectionLedgerSeesNoGapWhileThePositionGrows() {
        ex.place("alice", market("m1", "BTC", Side.BUY, "0.1"));
        ex.placePositionSized("alice", Sim.stop("sl", "BTC", Side.SELL, "0.001", "45000"));
        clock.advanceMillis(1000);
        assertThat(ex.protection("alice").unprotectedNow()).isFalse();
        long before = ex.protection("alice").unprotectedMsTotal();

        ex.place("alice", market("m2", "BTC", Side.BUY, "0.2"));
        clock.advanceMillis(1000);

        assertThat(ex.protection("alice").unprotectedNow()).isFalse();
        assertThat(ex.protection("alice").unprotectedMsTotal()).isEqualTo(before);
    }
}
