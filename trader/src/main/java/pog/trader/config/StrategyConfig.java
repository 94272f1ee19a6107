package pog.trader.config;

import pog.common.config.ConfigException;

import java.util.List;

/**
 * The EMA trend strategy's parameters.
 *
 * @param type       strategy name; only {@code ema-trend} ships
 * @param symbols    symbols to trade
 * @param barMillis  how often a mark price is sampled into the EMAs
 * @param fastPeriod fast EMA length in bars
 * @param slowPeriod slow EMA length in bars
 * @param minSpreadBps minimum distance between the EMAs, in basis points of price, to call a trend (filters chop)
 */
public record StrategyConfig(String type, List<String> symbols, Long barMillis, Integer fastPeriod, Integer slowPeriod,
                             Double minSpreadBps) {
    public StrategyConfig {
        String f = ConfigFile.current();
        type = type == null ? "ema-trend" : type;
        if (!type.equals("ema-trend")) {
            throw new ConfigException(f, "strategy.type", "unknown strategy '" + type + "' (known: ema-trend)");
        }
        symbols = symbols == null ? List.of("BTC", "ETH") : List.copyOf(symbols);
        if (symbols.isEmpty()) {
            throw new ConfigException(f, "strategy.symbols", "needs at least one symbol");
        }
        barMillis = barMillis == null ? 1000L : barMillis;
        fastPeriod = fastPeriod == null ? 12 : fastPeriod;
        slowPeriod = slowPeriod == null ? 48 : slowPeriod;
        minSpreadBps = minSpreadBps == null ? 5.0 : minSpreadBps;
        if (barMillis < 10) {
            throw new ConfigException(f, "strategy.barMillis", "must be at least 10, got " + barMillis);
        }
        if (fastPeriod < 1 || slowPeriod <= fastPeriod) {
            throw new ConfigException(f, "strategy.slowPeriod", "must be greater than fastPeriod (" + fastPeriod
                    + "), got " + slowPeriod);
        }
        if (minSpreadBps < 0) {
            throw new ConfigException(f, "strategy.minSpreadBps", "must not be negative, got " + minSpreadBps);
        }
    }

    public static StrategyConfig defaults() {
        return new StrategyConfig(null, null, null, null, null, null);
    }
}
