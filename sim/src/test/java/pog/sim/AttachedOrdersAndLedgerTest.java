package pog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;
import static pog.sim.Sim.limit;
import static pog.sim.Sim.market;
import static pog.sim.Sim.stop;
import static pog.sim.Sim.takeProfit;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

class AttachedOrdersAndLedgerTest {
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

    @Test
    void marketEntryWithStopIsNeverUnprotected() {
        Exchange.Group g = ex.placeWithChildren("alice", market("e", "BTC", Side.BUY, "0.1"),
                List.of(stop("sl", "BTC", Side.SELL, "0.1", "49000")));

        assertThat(g.parent().status()).isEqualTo(OrderStatus.FILLED);
        assertThat(g.placed()).extracting(Order::clientId, Order::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sl", OrderStatus.OPEN));
        clock.advanceMillis(5_000);
        ProtectionLedger.Report r = ex.protection("alice");
        assertThat(r.unprotectedMsTotal()).isZero();
        assertThat(r.intervals()).isEmpty();
        assertThat(r.unprotectedNow()).isFalse();
    }

    @Test
    void restingEntryKeepsItsStopWaitingThenPlacesItSizedToTheFill() {
        Exchange.Group g = ex.placeWithChildren("alice", limit("e", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.2", "49500"),
                List.of(stop("sl", "BTC", Side.SELL, "0.5", "48000")));
        assertThat(g.parent().status()).isEqualTo(OrderStatus.OPEN);
        assertThat(g.waiting()).extracting(r -> r.clientId()).containsExactly("sl");
        assertThat(ex.openOrders("alice")).extracting(Order::clientId).containsExactly("e");

        clock.advanceMillis(1_000);
        ex.jump("BTC", d("49400"));

        Order sl = ex.order("alice", "sl").orElseThrow();
        assertThat(sl.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(sl.size()).isEqualByComparingTo("0.2"); // what the entry filled, not the 0.5 asked
        assertThat(ex.protection("alice").unprotectedMsTotal()).isZero();
    }

    @Test
    void cancellingTheParentTakesItsWaitingChildren() {
        ex.placeWithChildren("alice", limit("e", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49500"),
                List.of(stop("sl", "BTC", Side.SELL, "0.1", "48000")));
        assertThat(ex.cancel("alice", "BTC", "e")).isTrue();

        ex.jump("BTC", d("49400"));

        assertThat(ex.positions("alice")).isEmpty();
        assertThat(ex.order("alice", "sl")).isEmpty();
        assertThat(ex.openOrders("alice")).isEmpty();
    }

    @Test
    void stopAndTakeProfitAreOneCancelsOther() {
        ex.placeWithChildren("alice", market("e", "BTC", Side.BUY, "0.1"),
                List.of(stop("sl", "BTC", Side.SELL, "0.1", "49000"), takeProfit("tp", "BTC", Side.SELL, "0.1", "52000")));
        assertThat(ex.openOrders("alice")).extracting(Order::clientId).containsExactly("sl", "tp");

        ex.jump("BTC", d("52100"));

        assertThat(ex.positions("alice")).isEmpty();
        assertThat(ex.order("alice", "tp").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ex.order("alice", "sl").orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(ex.protection("alice").unprotectedMsTotal()).isZero();
    }

    @Test
    void waitingChildrenSurviveARestart() {
        ex.placeWithChildren("alice", limit("e", OrderType.LIMIT_GTC, "BTC", Side.BUY, "0.1", "49500"),
                List.of(stop("sl", "BTC", Side.SELL, "0.1", "48000")));
        ex.close();
        ex = Sim.open(dir.resolve("sim.db"), clock);

        ex.jump("BTC", d("49400"));

        assertThat(ex.order("alice", "sl").orElseThrow().status()).isEqualTo(OrderStatus.OPEN);
    }

    @Test
    void ledgerRecordsTheGapOfATwoStepEntryAndAStopCancelledFromOutside() {
        ex.place("alice", market("e", "BTC", Side.BUY, "0.1"));
        clock.advanceMillis(1_300);
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "49000"));
        clock.advanceMillis(10_000);
        ex.cancel("alice", "BTC", "sl");
        clock.advanceMillis(700);

        ProtectionLedger.Report now = ex.protection("alice");
        assertThat(now.unprotectedNow()).isTrue();
        assertThat(now.intervals()).extracting(ProtectionLedger.Interval::toMs).containsExactly(Sim.T0 + 1_300, null);
        assertThat(now.unprotectedMsTotal()).isEqualTo(2_000);

        ex.place("alice", stop("sl2", "BTC", Side.SELL, "0.1", "49000"));
        clock.advanceMillis(5_000);
        ProtectionLedger.Report after = ex.protection("alice");
        assertThat(after.unprotectedNow()).isFalse();
        assertThat(after.unprotectedMsTotal()).isEqualTo(2_000);
        assertThat(after.maxUnprotectedMs()).isEqualTo(1_300);

        ex.close();
        ex = Sim.open(dir.resolve("sim.db"), clock);
        assertThat(ex.protection("alice").unprotectedMsTotal()).isEqualTo(2_000); // the whole history, kept
    }

    @Test
    void aStopSmallerThanThePositionIsNotCover() {
        ex.place("alice", market("e", "BTC", Side.BUY, "0.2"));
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "49000"));
        clock.advanceMillis(50);

        assertThat(ex.protection("alice").unprotectedNow()).isTrue();
        assertThat(ex.protection("alice").unprotectedMsTotal()).isEqualTo(50);
    }

    @Test
    void aStopThatFiresEndsThePositionNotItsProtection() {
        ex.placeWithChildren("alice", market("e", "BTC", Side.BUY, "0.1"),
                List.of(stop("sl", "BTC", Side.SELL, "0.1", "49000")));
        clock.advanceMillis(1_000);
        ex.jump("BTC", d("48900"));
        clock.advanceMillis(1_000);

        assertThat(ex.positions("alice")).isEmpty();
        assertThat(ex.protection("alice").unprotectedMsTotal()).isZero();
    }
}
