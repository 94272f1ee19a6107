package pog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;
import static pog.sim.Sim.limit;
import static pog.sim.Sim.market;

import java.util.List;
import org.junit.jupiter.api.Test;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

class IdempotencyAndFillsTest extends OnAnExchange {
    @Test
    void placingAKnownClientIdReturnsTheFirstOrderAndCreatesNothing() {
        Order first = ex.place("alice", market("c1", "BTC", Side.BUY, "0.1"));
        clock.advanceMillis(5_000);
        ex.jump("BTC", d("51000"));

        Order again = ex.place("alice", market("c1", "BTC", Side.BUY, "0.1"));
        Order different = ex.place("alice", market("c1", "ETH", Side.SELL, "3"));

        assertThat(again).isEqualTo(first);
        assertThat(different).isEqualTo(first);
        assertThat(ex.fillsSince("alice", 0)).hasSize(1);
        assertThat(ex.positions("alice")).hasSize(1);
        assertThat(ex.positions("alice").get(0).size()).isEqualByComparingTo("0.1");
    }

    @Test
    void aRejectionIsRememberedToo() {
        Order rejected = ex.place("alice", market("c1", "BTC", Side.BUY, "0.0001"));

        Order retried = ex.place("alice", market("c1", "BTC", Side.BUY, "0.001"));

        assertThat(retried).isEqualTo(rejected);
        assertThat(retried.status()).isEqualTo(OrderStatus.REJECTED);
    }

    @Test
    void aRestingOrderReturnedForItsClientIdShowsItsCurrentState() {
        ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49000"));
        ex.jump("BTC", d("49000"));

        Order again = ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49000"));

        assertThat(again.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ex.fillsSince("alice", 0)).hasSize(1);
    }

    @Test
    void clientIdsBelongToTheirAccount() {
        Order a = ex.place("alice", market("same", "BTC", Side.BUY, "0.1"));
        Order b = ex.place("bob", market("same", "BTC", Side.SELL, "0.2"));

        assertThat(b.orderId()).isNotEqualTo(a.orderId());
        assertThat(ex.positions("bob").get(0).size()).isEqualByComparingTo("-0.2");
    }

    @Test
    void fillsSinceReturnsExactlyTheFillsAfterTheCursorOldestFirst() {
        ex.place("alice", market("a1", "BTC", Side.BUY, "0.1"));
        ex.place("bob", market("b1", "BTC", Side.BUY, "0.1"));
        ex.place("alice", market("a2", "ETH", Side.BUY, "1"));
        ex.place("alice", market("a3", "ETH", Side.SELL, "1"));

        List<Fill> all = ex.fillsSince("alice", 0);
        assertThat(all).extracting(Fill::clientId).containsExactly("a1", "a2", "a3");
        assertThat(all).extracting(Fill::cursor).isSorted().doesNotHaveDuplicates();

        List<Fill> later = ex.fillsSince("alice", all.get(0).cursor());
        assertThat(later).extracting(Fill::clientId).containsExactly("a2", "a3");
        assertThat(ex.fillsSince("alice", all.get(2).cursor())).isEmpty();
        assertThat(ex.fillsSince("bob", 0)).extracting(Fill::clientId).containsExactly("b1");
    }

    @Test
    void cursorsKeepIncreasingAcrossReopen() {
        ex.place("alice", market("a1", "BTC", Side.BUY, "0.1"));
        long before = ex.fillsSince("alice", 0).get(0).cursor();
        ex.close();

        ex = Sim.open(dir.resolve("sim.db"), clock);
        ex.place("alice", market("a2", "BTC", Side.SELL, "0.1"));

        assertThat(ex.fillsSince("alice", before)).extracting(Fill::clientId).containsExactly("a2");
        assertThat(ex.fillsSince("alice", before).get(0).cursor()).isGreaterThan(before);
    }

    @Test
    void clientIdIsStillKnownAfterReopen() {
        Order first = ex.place("alice", market("c1", "BTC", Side.BUY, "0.1"));
        ex.close();

        ex = Sim.open(dir.resolve("sim.db"), clock);
        Order again = ex.place("alice", market("c1", "BTC", Side.BUY, "0.1"));

        assertThat(again).isEqualTo(first);
        assertThat(ex.fillsSince("alice", 0)).hasSize(1);
    }
}
