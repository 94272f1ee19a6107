package pog.trader.risk;

import org.junit.jupiter.api.Test;
import pog.trader.config.RiskConfig;
import pog.venue.MarketInfo;
import pog.venue.Side;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class RiskManagerTest {
    private static final MarketInfo BTC = new MarketInfo("BTC", BigDecimal.ONE, new BigDecimal("0.001"), 40);

    private static RiskManager risk(String maxNotional, String maxLeverage) {
        return new RiskManager(new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"),
                new BigDecimal(maxNotional), new BigDecimal(maxLeverage), new BigDecimal("500")));
    }

    @Test
    void capsByAvailableMarginAtTheVenueLeverage() {
        // risk says 0.333 BTC (20000 notional); 1000 available * 0.9 * 5x (our cap, below the market's 40x) = 4500
        RiskManager.Sizing s = risk("100000", "5").size(new BigDecimal("10000"), new BigDecimal("1000"),
                new BigDecimal("60000"), BigDecimal.ZERO, BTC);
        assertThat(s.size()).isEqualByComparingTo("0.075");
        assertThat(s.reason()).contains("available margin");
    }

    @Test
    void skipsWhatIsBelowTheVenueMinimumOrderValue() {
        MarketInfo withMinimum = new MarketInfo("BTC", BigDecimal.ONE, new BigDecimal("0.001"), 40,
                new BigDecimal("0.001"), new BigDecimal("10"));
        // 5 of equity at 1% risk over a 0.5% stop: 1000 notional... but only 2 available -> 0.00015 BTC, below a lot
        RiskManager.Sizing tiny = risk("100000", "5").size(new BigDecimal("5"), new BigDecimal("2"),
                new BigDecimal("60000"), BigDecimal.ZERO, withMinimum);
        assertThat(tiny.allowed()).isFalse();
        // 0.1 equity: 0.2 notional at 60000 -> 0.000003 BTC, under one lot
        RiskManager.Sizing lot = risk("100000", "5").size(new BigDecimal("10"), null, new BigDecimal("60000"),
                BigDecimal.ZERO, new MarketInfo("BTC", BigDecimal.ONE, new BigDecimal("0.0001"), 40,
                        BigDecimal.ZERO, new BigDecimal("10")));
        // 1% of 10 over 0.5% = 20 notional -> 0.0003 BTC = 18 >= 10: allowed
        assertThat(lot.allowed()).isTrue();
        RiskManager.Sizing under = risk("100000", "5").size(new BigDecimal("4"), null, new BigDecimal("60000"),
                BigDecimal.ZERO, new MarketInfo("BTC", BigDecimal.ONE, new BigDecimal("0.0001"), 40,
                        BigDecimal.ZERO, new BigDecimal("10")));
        // 1% of 4 over 0.5% = 8 notional -> 0.0001 BTC = 6 < 10
        assertThat(under.allowed()).isFalse();
        assertThat(under.reason()).contains("below the venue's minimum 10");
    }

    @Test
    void sizesSoThatTheStopLosesRiskPerTrade() {
        // 1% of 10000 = 100 at risk; stop 0.5% of 60000 = 300 per BTC -> 0.333 BTC
        RiskManager.Sizing s = risk("100000", "10").size(new BigDecimal("10000"), new BigDecimal("60000"),
                BigDecimal.ZERO, BTC);
        assertThat(s.size()).isEqualByComparingTo("0.333");
    }

    @Test
    void capsByPositionNotional() {
        RiskManager.Sizing s = risk("6000", "10").size(new BigDecimal("10000"), new BigDecimal("60000"),
                BigDecimal.ZERO, BTC);
        assertThat(s.size()).isEqualByComparingTo("0.1");
        assertThat(s.reason()).contains("maxPositionNotional");
    }

    @Test
    void capsByTotalLeverageCountingOpenPositions() {
        // 2x of 10000 = 20000 allowed, 17000 already open -> 3000 / 60000 = 0.05
        RiskManager.Sizing s = risk("100000", "2").size(new BigDecimal("10000"), new BigDecimal("60000"),
                new BigDecimal("17000"), BTC);
        assertThat(s.size()).isEqualByComparingTo("0.05");
        assertThat(risk("100000", "2").size(new BigDecimal("10000"), new BigDecimal("60000"),
                new BigDecimal("20000"), BTC).allowed()).isFalse();
    }

    @Test
    void stopIsOnTheLosingSideOnTheTick() {
        RiskManager r = risk("100000", "10");
        assertThat(r.stopPrice(Side.BUY, new BigDecimal("60123"), BTC)).isEqualByComparingTo("59822");
        assertThat(r.stopPrice(Side.SELL, new BigDecimal("60123"), BTC)).isEqualByComparingTo("60424");
    }

    @Test
    void dailyLossTripsAtTheLimit() {
        RiskManager r = risk("100000", "10");
        assertThat(r.dailyLossExceeded(new BigDecimal("10000"), new BigDecimal("9500.01"))).isFalse();
        assertThat(r.dailyLossExceeded(new BigDecimal("10000"), new BigDecimal("9500"))).isTrue();
    }
}
