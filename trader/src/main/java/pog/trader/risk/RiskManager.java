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

    /** Share of the available margin an entry may use: the rest absorbs fees and the move until it fills. */
    static final BigDecimal MARGIN_USE = new BigDecimal("0.9");

    /**
     * @param openNotional notional of positions already held (all symbols)
     */
    public Sizing size(BigDecimal equity, BigDecimal price, BigDecimal openNotional, MarketInfo market) {
        return size(equity, null, price, openNotional, market);
    }

    /**
     * Sizes from equity, risk per trade and stop distance, then caps by one position's notional, total leverage and
     * the venue's available margin at the leverage the venue allows (at most our own cap), floors to the lot, and
     * refuses a size under the venue's minimum size or order value: what the venue would refuse is never sent.
     *
     * @param available the venue's available margin; null when unknown (no margin cap)
     */
    public Sizing size(BigDecimal equity, BigDecimal available, BigDecimal price, BigDecimal openNotional,
                       MarketInfo market) {
        Sizing s = sizeByRisk(equity, price, openNotional, market);
        if (!s.allowed()) {
            return s;
        }
        BigDecimal size = s.size();
        String reason = s.reason();
        if (available != null) {
            BigDecimal leverage = new BigDecimal(Math.max(1, market.maxLeverage())).min(config.maxLeverage());
            BigDecimal room = available.max(BigDecimal.ZERO).multiply(MARGIN_USE).multiply(leverage);
            BigDecimal maxByMargin = room.divide(price, MathContext.DECIMAL64);
            if (size.compareTo(maxByMargin) > 0) {
                size = floorToStep(maxByMargin, market.lotSize());
                reason = "capped by available margin " + available.setScale(2, RoundingMode.DOWN).toPlainString()
                        + " at " + leverage.toPlainString() + "x";
            }
        }
        if (size.signum() <= 0) {
            return new Sizing(BigDecimal.ZERO, reason + ": below one lot");
        }
        if (size.compareTo(market.minSize()) < 0) {
            return new Sizing(BigDecimal.ZERO, reason + ": " + size.toPlainString() + " is below the venue's minimum size "
                    + market.minSize().stripTrailingZeros().toPlainString());
        }
        BigDecimal value = size.multiply(price);
        if (value.compareTo(market.minNotional()) < 0) {
            return new Sizing(BigDecimal.ZERO, reason + ": order value " + value.setScale(2, RoundingMode.DOWN)
                    .toPlainString() + " is below the venue's minimum " + market.minNotional().stripTrailingZeros()
                    .toPlainString());
        }
        return new Sizing(size, reason);
    }

    private Sizing sizeByRisk(BigDecimal equity, BigDecimal price, BigDecimal openNotional, MarketInfo market) {
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
