package pog.trader.risk;

import pog.trader.config.RiskConfig;
import pog.venue.MarketInfo;
import pog.venue.Side;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Sizes a new position so that being stopped out loses {@code riskPerTrade} of equity, then applies the caps:
 * one position's notional, total leverage. Also places the protective stop's price.
 */
public final class RiskManager {
    private final RiskConfig config;

    public RiskManager(RiskConfig config) {
        this.config = config;
    }

    public RiskConfig config() {
        return config;
    }

    /** The size decision: a size (zero when the trade is not allowed) and why. */
    public record Sizing(BigDecimal size, String reason) {
        public boolean allowed() {
            return size.signum() > 0;
        }
    }

    /**
     * @param openNotional notional of positions already held (all symbols)
     */
    public Sizing size(BigDecimal equity, BigDecimal price, BigDecimal openNotional, MarketInfo market) {
        if (equity.signum() <= 0) {
            return new Sizing(BigDecimal.ZERO, "no equity");
        }
        BigDecimal riskAmount = equity.multiply(config.riskPerTrade());
        BigDecimal stopAmountPerUnit = price.multiply(config.stopDistance());
        BigDecimal size = riskAmount.divide(stopAmountPerUnit, MathContext.DECIMAL64);
        String reason = "risk " + config.riskPerTrade().toPlainString() + " of equity";
        BigDecimal maxByNotional = config.maxPositionNotional().divide(price, MathContext.DECIMAL64);
        if (size.compareTo(maxByNotional) > 0) {
            size = maxByNotional;
            reason = "capped by maxPositionNotional";
        }
        BigDecimal leverageRoom = equity.multiply(config.maxLeverage()).subtract(openNotional);
        BigDecimal maxByLeverage = leverageRoom.signum() <= 0 ? BigDecimal.ZERO
                : leverageRoom.divide(price, MathContext.DECIMAL64);
        if (size.compareTo(maxByLeverage) > 0) {
            size = maxByLeverage;
            reason = "capped by maxLeverage";
        }
        size = floorToStep(size, market.lotSize());
        if (size.signum() <= 0) {
            return new Sizing(BigDecimal.ZERO, reason + ": below one lot");
        }
        return new Sizing(size, reason);
    }

    /** The stop price for a position entered at {@code entry}: stopDistance away, on the losing side, on the tick. */
    public BigDecimal stopPrice(Side entrySide, BigDecimal entry, MarketInfo market) {
        BigDecimal distance = entry.multiply(config.stopDistance());
        BigDecimal raw = entrySide == Side.BUY ? entry.subtract(distance) : entry.add(distance);
        return roundToStep(raw, market.tickSize());
    }

    /** True when the loss since the day started reached the daily limit. */
    public boolean dailyLossExceeded(BigDecimal dayStartEquity, BigDecimal equity) {
        return dayStartEquity.subtract(equity).compareTo(config.maxDailyLoss()) >= 0;
    }

    public static BigDecimal floorToStep(BigDecimal value, BigDecimal step) {
        return value.divide(step, 0, RoundingMode.FLOOR).multiply(step).stripTrailingZeros();
    }

    public static BigDecimal roundToStep(BigDecimal value, BigDecimal step) {
        return value.divide(step, 0, RoundingMode.HALF_UP).multiply(step).stripTrailingZeros();
    }
}
