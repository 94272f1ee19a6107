package pog.trader.strategy;

import pog.trader.config.RiskConfig;

import java.math.BigDecimal;

/**
 * An intent against the trader's limits, before anything is sized: the configured risk per trade is a ceiling a
 * strategy may stay under, never exceed. Sizing caps (notional, leverage) apply afterwards as for any entry.
 */
public final class IntentCheck {
    private static final BigDecimal MAX_STOP_DISTANCE = new BigDecimal("0.5");

    private IntentCheck() {
    }

    /** The reason the intent is refused, or null when it may be sized. */
    public static String refusal(Intent intent, RiskConfig limits) {
        if (intent.takeProfit() != null && intent.takeProfit().signum() <= 0) {
            return "takeProfit " + intent.takeProfit().toPlainString() + " is not a positive price";
        }
        if (intent.limitPrice() != null && intent.limitPrice().signum() <= 0) {
            return "limitPrice " + intent.limitPrice().toPlainString() + " is not a positive price";
        }
        if (intent.limitPrice() != null && intent.takeProfit() != null) {
            return "takeProfit with limitPrice is not supported by this trader yet: send the limit entry alone";
        }
        BigDecimal risk = intent.risk();
        if (risk != null && (risk.signum() <= 0 || risk.compareTo(limits.riskPerTrade()) > 0)) {
            return "risk " + risk.toPlainString() + " of equity is " + (risk.signum() <= 0 ? "not positive"
                    : "above the limit risk.riskPerTrade " + limits.riskPerTrade().toPlainString());
        }
        BigDecimal stop = intent.stopDistance();
        if (stop != null && (stop.signum() <= 0 || stop.compareTo(MAX_STOP_DISTANCE) > 0)) {
            return "stopDistance " + stop.toPlainString() + " must be above 0 and at most 0.5 of the entry price";
        }
        return null;
    }

    /**
     * A take-profit must lie on the profit side of the price the entry is made at (above it for a long, below for a
     * short): one on the other side would fire at once and close the position it opens. Null when it may be placed.
     */
    public static String takeProfitRefusal(Intent intent, boolean buy, BigDecimal mark) {
        BigDecimal tp = intent.takeProfit();
        if (tp == null) {
            return null;
        }
        int cmp = tp.compareTo(mark);
        if (buy ? cmp <= 0 : cmp >= 0) {
            return "takeProfit " + tp.toPlainString() + " must be " + (buy ? "above" : "below") + " the mark "
                    + mark.toPlainString() + " for a " + (buy ? "long" : "short") + " (it would close the entry at once)";
        }
        return null;
    }

    /** A limit price on the tick, never worse for the entry: a buy rounds down, a sell up. */
    public static BigDecimal limitToTick(BigDecimal price, boolean buy, BigDecimal tick) {
        BigDecimal steps = price.divide(tick, 0, buy ? java.math.RoundingMode.FLOOR : java.math.RoundingMode.CEILING);
        return steps.multiply(tick);
    }

    /** The limits to size this (accepted) intent with: its own risk and stop distance, the caps unchanged. */
    public static RiskConfig sizing(Intent intent, RiskConfig limits) {
        if (intent.risk() == null && intent.stopDistance() == null) {
            return limits;
        }
        return new RiskConfig(intent.risk() == null ? limits.riskPerTrade() : intent.risk(),
                intent.stopDistance() == null ? limits.stopDistance() : intent.stopDistance(),
                limits.maxPositionNotional(), limits.maxLeverage(), limits.maxDailyLoss());
    }
}
