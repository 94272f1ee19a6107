package pog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pog.sim.Sim.d;
import static pog.sim.Sim.market;

import org.junit.jupiter.api.Test;
import pog.venue.Position;
import pog.venue.Side;
import pog.venue.VenueException;

/**
 * Isolated margin in the core (fills at the mark): BTC 50,000, ETH 3,000, 10,000 USDC, taker 5 bps, maintenance 1%
 * of notional for BTC.
 */
class IsolatedMarginTest extends OnAnExchange {
    private Position position(String symbol) {
        return ex.positions("alice").stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElse(null);
    }

    @Test
    void anIsolatedPositionTakesItsInitialMarginOutOfTheCrossAccount() {
        ex.setMarginMode("alice", "BTC", true, 5);
        ex.place("alice", market("m1", "BTC", Side.BUY, "0.1"));

        assertThat(ex.isolatedMargin("alice", "BTC")).isEqualByComparingTo("1000"); // 5,000 notional at 5x
        assertThat(ex.account("alice").available()).isEqualByComparingTo("8997.5"); // 10,000 - 2.5 fee - 1,000
        assertThat(ex.account("alice").marginUsed()).isEqualByComparingTo("1000");

        ex.place("alice", market("m2", "BTC", Side.SELL, "0.05"));
        assertThat(ex.isolatedMargin("alice", "BTC")).isEqualByComparingTo("500");
        ex.place("alice", market("m3", "BTC", Side.SELL, "0.05"));
        assertThat(ex.isolatedMargin("alice", "BTC")).isZero();
        assertThat(ex.account("alice").available()).isEqualByComparingTo("9995"); // 10,000 - fees 2.5 + 1.25 + 1.25
    }

    @Test
    void anIsolatedPositionIsLiquidatedOnItsOwnAndTheCrossPositionStays() {
        ex.setMarginMode("alice", "BTC", true, 10);
        ex.place("alice", market("b1", "BTC", Side.BUY, "0.1")); // 500 allocated
        ex.place("alice", market("e1", "ETH", Side.BUY, "1"));
        // 500 + 0.1 (P - 50,000) = 0.1 P x 1%  ->  P = 45,454.5...
        assertThat(position("BTC").liquidationPrice()).isEqualByComparingTo("45455");

        ex.jump("BTC", d("45460"));
        assertThat(position("BTC")).isNotNull();
        ex.jump("BTC", d("45450"));

        assertThat(position("BTC")).isNull();
        assertThat(position("ETH")).isNotNull();
        assertThat(ex.fillsSince("alice", 0)).filteredOn(f -> f.liquidation()).singleElement()
                .satisfies(f -> assertThat(f.symbol()).isEqualTo("BTC"));
        // the cross account lost the allocation (and fees), not more: 10,000 - 455 - fees
        assertThat(ex.balance("alice")).isGreaterThan(d("9500"));
    }

    @Test
    void onCrossTheSameMoveLiquidatesNothing() {
        ex.setLeverage("alice", "BTC", 10);
        ex.place("alice", market("b1", "BTC", Side.BUY, "0.1"));

        ex.jump("BTC", d("45450"));

        assertThat(position("BTC")).isNotNull();
    }

    @Test
    void theModeCannotChangeUnderAnOpenPositionAndTheAllocationCanBeAdjusted() {
        ex.setMarginMode("alice", "BTC", true, 10);
        ex.place("alice", market("b1", "BTC", Side.BUY, "0.1"));

        assertThatThrownBy(() -> ex.setMarginMode("alice", "BTC", false, 10)).isInstanceOf(VenueException.class)
                .hasMessageContaining("cannot switch BTC between cross and isolated");

        ex.adjustIsolatedMargin("alice", "BTC", d("500"));
        assertThat(ex.isolatedMargin("alice", "BTC")).isEqualByComparingTo("1000");
        // 1,000 + 0.1 (P - 50,000) = 0.001 P  ->  P = 40,404.04...
        assertThat(position("BTC").liquidationPrice()).isEqualByComparingTo("40404");
        assertThatThrownBy(() -> ex.adjustIsolatedMargin("alice", "BTC", d("-950")))
                .isInstanceOf(VenueException.class).hasMessageContaining("below the minimum 100");
        assertThat(ex.isolatedMargin("alice", "BTC")).isEqualByComparingTo("1000");
    }

    @Test
    void theModeAndAllocationSurviveARestart() {
        ex.setMarginMode("alice", "BTC", true, 10);
        ex.place("alice", market("b1", "BTC", Side.BUY, "0.1"));
        reopen();

        assertThat(ex.isolatedMargin("alice", "BTC")).isEqualByComparingTo("500");
        assertThat(ex.leverage("alice", "BTC")).isEqualTo(10);
        assertThat(ex.account("alice").available()).isEqualByComparingTo("9497.5");
    }
}
