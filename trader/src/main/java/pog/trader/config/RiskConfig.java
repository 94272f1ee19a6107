package pog.trader.config;

import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;

import java.math.BigDecimal;

/**
 * Position sizing and limits.
 *
 * @param riskPerTrade        fraction of equity lost if a stop is hit (sizes every position)
 * @param stopDistance        stop distance as a fraction of the entry price
 * @param maxPositionNotional cap on one position's notional (USD)
 * @param maxLeverage         cap on total notional / equity across positions
 * @param maxDailyLoss        loss (USD, realized + unrealized since 00:00 UTC) at which the trader stops opening positions
 */
public record RiskConfig(BigDecimal riskPerTrade, BigDecimal stopDistance, BigDecimal maxPositionNotional,
                         BigDecimal maxLeverage, BigDecimal maxDailyLoss) {
    public RiskConfig {
        String f = ConfigFile.current();
        riskPerTrade = riskPerTrade == null ? new BigDecimal("0.01") : riskPerTrade;
        stopDistance = stopDistance == null ? new BigDecimal("0.005") : stopDistance;
        maxPositionNotional = maxPositionNotional == null ? new BigDecimal("20000") : maxPositionNotional;
        maxLeverage = maxLeverage == null ? new BigDecimal("5") : maxLeverage;
        maxDailyLoss = maxDailyLoss == null ? new BigDecimal("500") : maxDailyLoss;
        fraction(f, "risk.riskPerTrade", riskPerTrade, new BigDecimal("0.1"));
        fraction(f, "risk.stopDistance", stopDistance, new BigDecimal("0.5"));
        positive(f, "risk.maxPositionNotional", maxPositionNotional);
        positive(f, "risk.maxLeverage", maxLeverage);
        positive(f, "risk.maxDailyLoss", maxDailyLoss);
    }

    private static void fraction(String f, String key, BigDecimal v, BigDecimal max) {
        if (v.signum() <= 0 || v.compareTo(max) > 0) {
            throw new ConfigException(f, key, "must be greater than 0 and at most " + max.toPlainString() + ", got "
                    + v.toPlainString());
        }
    }

    private static void positive(String f, String key, BigDecimal v) {
        if (v.signum() <= 0) {
            throw new ConfigException(f, key, "must be greater than 0, got " + v.toPlainString());
        }
    }

    public static RiskConfig defaults() {
        return new RiskConfig(null, null, null, null, null);
    }
}
