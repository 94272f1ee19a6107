package pog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pog.sim.Sim.d;
import static pog.sim.Sim.limit;
import static pog.sim.Sim.market;

import java.util.List;
import org.junit.jupiter.api.Test;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Side;
import pog.venue.VenueException;

class MarginAndPnlTest extends OnAnExchange {
    @Test
    void feesAndRealizedPnlFollowTheSizeWeightedEntry() {
        ex.place("alice", market("b1", "BTC", Side.BUY, "0.1"));          // 0.1 @ 50000, fee 2.5
        ex.jump("BTC", d("51000"));
        ex.place("alice", market("b2", "BTC", Side.BUY, "0.1"));          // 0.1 @ 51000, fee 2.55
        assertThat(ex.positions("alice").get(0).entryPrice()).isEqualByComparingTo("50500");
        ex.jump("BTC", d("52000"));
        ex.place("alice", market("s1", "BTC", Side.SELL, "0.15"));        // closes 0.15 @ 52000, fee 3.9

        List<Fill> fills = ex.fillsSince("alice", 0);
        assertThat(fills).extracting(Fill::realizedPnl).map(java.math.BigDecimal::toPlainString)
                .containsExactly("0.000000", "0.000000", "225.000000"); // 0.15 * (52000 - 50500)
        assertThat(fills).extracting(Fill::fee).map(java.math.BigDecimal::toPlainString)
                .containsExactly("2.500000", "2.550000", "3.900000");
        assertThat(ex.balance("alice")).isEqualByComparingTo("10216.05"); // 10000 - 2.5 - 2.55 + 225 - 3.9

        Position p = ex.positions("alice").get(0);
        assertThat(p.size()).isEqualByComparingTo("0.05");
        assertThat(p.entryPrice()).isEqualByComparingTo("50500");
        assertThat(p.markPrice()).isEqualByComparingTo("52000");
        assertThat(p.unrealizedPnl()).isEqualByComparingTo("75");

        Account a = ex.account("alice");
        assertThat(a.equity()).isEqualByComparingTo("10291.05");
        assertThat(a.marginUsed()).isEqualByComparingTo("260");         // 0.05 * 52000 / 10
        assertThat(a.available()).isEqualByComparingTo("10031.05");
        assertThat(a.observedAt()).isEqualTo(Sim.T0);
    }

    @Test
    void sellingThroughZeroRealizesTheLongAndOpensAShortAtTheFillPrice() {
        ex.place("alice", market("b1", "BTC", Side.BUY, "0.05"));        // fee 1.25
        ex.jump("BTC", d("49000"));
        ex.place("alice", market("s1", "BTC", Side.SELL, "0.1"));        // fee 2.45

        Fill flip = ex.fillsSince("alice", 0).get(1);
        assertThat(flip.realizedPnl()).isEqualByComparingTo("-50");     // 0.05 * (49000 - 50000)
        Position p = ex.positions("alice").get(0);
        assertThat(p.size()).isEqualByComparingTo("-0.05");
        assertThat(p.entryPrice()).isEqualByComparingTo("49000");
        assertThat(ex.balance("alice")).isEqualByComparingTo("9946.3"); // 10000 - 1.25 - 50 - 2.45
    }

    @Test
    void shortProfitsWhenTheMarkFalls() {
        ex.place("alice", market("s1", "ETH", Side.SELL, "2"));          // 6000 notional, fee 3
        ex.jump("ETH", d("2900"));
        ex.place("alice", market("b1", "ETH", Side.BUY, "2"));           // 5800 notional, fee 2.9

        assertThat(ex.fillsSince("alice", 0).get(1).realizedPnl()).isEqualByComparingTo("200");
        assertThat(ex.positions("alice")).isEmpty();
        assertThat(ex.balance("alice")).isEqualByComparingTo("10194.1");
    }

    @Test
    void orderThatWouldLeaveAvailableBelowZeroIsRejectedForInsufficientMargin() {
        // 2 BTC at 10x needs 10000 of margin, and the 50 fee comes out of the 10000 equity first.
        Order tooBig = ex.place("alice", market("m1", "BTC", Side.BUY, "2"));
        assertThat(tooBig.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(tooBig.rejectReason()).isEqualTo("insufficient margin");
        assertThat(ex.positions("alice")).isEmpty();

        Order fits = ex.place("alice", market("m2", "BTC", Side.BUY, "1.99")); // margin 9950, fee 49.75
        assertThat(fits.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ex.account("alice").available()).isEqualByComparingTo("0.25");
    }

    @Test
    void restingOrderIsCheckedForMarginAtItsOwnPrice() {
        Order o = ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "2.5", "40000"));
        assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);     // 100000 notional at 10x: 10000 + fee
        assertThat(o.rejectReason()).isEqualTo("insufficient margin");

        Order ok = ex.place("alice", limit("g2", OrderType.LIMIT_GTC, "BTC", Side.BUY, "2.4", "40000"));
        assertThat(ok.status()).isEqualTo(OrderStatus.OPEN);
    }

    @Test
    void restingOrderThatNoLongerFitsWhenReachedIsCancelled() {
        ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "BTC", Side.BUY, "1.5", "49000")); // fits alone
        ex.place("alice", market("m1", "ETH", Side.BUY, "10"));                               // uses 3000 margin

        ex.jump("BTC", d("49000"));

        Order g1 = ex.order("alice", "g1").orElseThrow();
        assertThat(g1.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(g1.rejectReason()).isEqualTo("insufficient margin");
    }

    @Test
    void reducingAPositionIsAllowedEvenWhenMarginIsShort() {
        ex.place("alice", market("m1", "BTC", Side.BUY, "1.99"));
        ex.jump("BTC", d("49500")); // available now negative, still above maintenance
        assertThat(ex.account("alice").available()).isNegative();

        Order o = ex.place("alice", market("m2", "BTC", Side.SELL, "1"));

        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void higherLeverageLowersMarginAndIsCappedByTheMarket() {
        ex.setLeverage("alice", "BTC", 20);
        assertThat(ex.leverage("alice", "BTC")).isEqualTo(20);
        assertThat(ex.leverage("alice", "ETH")).isEqualTo(10);

        assertThat(ex.place("alice", market("m1", "BTC", Side.BUY, "2")).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ex.account("alice").marginUsed()).isEqualByComparingTo("5000");

        assertThatThrownBy(() -> ex.setLeverage("alice", "BTC", 51))
                .isInstanceOf(VenueException.class).hasMessage("leverage 51 is outside 1..50 for BTC");
        assertThatThrownBy(() -> ex.setLeverage("alice", "BTC", 5))
                .isInstanceOf(VenueException.class).hasMessage("insufficient margin for leverage 5 on BTC");
        assertThat(ex.leverage("alice", "BTC")).isEqualTo(20);
    }

    @Test
    void defaultLeverageIsCappedByTheMarketsMax() {
        SimConfig lowCap = Sim.config().withSymbols(List.of(
                new SymbolSpec("XYZ", d("10"), 0.01, d("0.01"), d("1"), 3)));
        try (Exchange other = Exchange.open(lowCap, dir.resolve("other.db"), clock)) {
            assertThat(other.leverage("alice", "XYZ")).isEqualTo(3);
        }
    }

    @Test
    void liquidationClosesEverythingAtMarkWhenEquityFallsBelowMaintenance() {
        Sim.Recorder alice = new Sim.Recorder();
        ex.subscribe("alice", alice);
        ex.place("alice", market("m1", "BTC", Side.BUY, "1.9"));                   // fee 47.5, balance 9952.5
        ex.place("alice", Sim.stop("s1", "BTC", Side.SELL, "1.9", "40000"));
        ex.place("alice", limit("g1", OrderType.LIMIT_GTC, "ETH", Side.BUY, "0.1", "2000"));
        // Liquidation price: 9952.5 + 1.9 (P - 50000) = 0.019 P  =>  P = 85047.5 / 1.881 = 45213.98
        assertThat(ex.positions("alice").get(0).liquidationPrice()).isEqualByComparingTo("45214");

        ex.jump("BTC", d("45214")); // equity 859.1 >= maintenance 859.066
        assertThat(ex.positions("alice")).hasSize(1);

        alice.events.clear();
        ex.jump("BTC", d("45213")); // equity 857.2 < maintenance 859.047

        assertThat(ex.positions("alice")).isEmpty();
        assertThat(ex.openOrders("alice")).isEmpty();
        assertThat(alice.events()).containsExactly(
                "order s1 CANCELLED",
                "order g1 CANCELLED",
                "fill liquidation-4 SELL 1.9@45213 liquidation",
                "order liquidation-4 FILLED");
        Fill liq = alice.fills.get(1);
        assertThat(liq.liquidation()).isTrue();
        assertThat(liq.realizedPnl()).isEqualByComparingTo("-9095.3");
        assertThat(liq.fee()).isEqualByComparingTo("42.95235");
        assertThat(ex.balance("alice")).isEqualByComparingTo("814.24765");
        assertThat(ex.order("alice", "s1").orElseThrow().rejectReason()).isEqualTo("liquidation");
    }

    @Test
    void aWellCollateralizedLongHasNoLiquidationPrice() {
        ex.place("alice", market("m1", "BTC", Side.BUY, "0.1"));

        assertThat(ex.positions("alice").get(0).liquidationPrice()).isNull();
    }

    @Test
    void shortLiquidationPriceIsAboveTheEntry() {
        ex.place("alice", market("m1", "BTC", Side.SELL, "1"));               // fee 25, balance 9975
        // 9975 - (P - 50000) = 0.01 P  =>  P = 59975 / 1.01 = 59381.19
        assertThat(ex.positions("alice").get(0).liquidationPrice()).isEqualByComparingTo("59381");
    }
}
