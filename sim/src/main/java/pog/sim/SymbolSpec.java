package pog.sim;

import java.math.BigDecimal;
import java.util.Objects;
import pog.venue.MarketInfo;

/**
 * One simulated perpetual market and its price process.
 *
 * @param startPrice  first mark when the symbol is seen for the first time by a database
 * @param volatility  standard deviation of the log price over one hour, as a fraction: 0.04 means 4% per
 *                    sqrt(hour) (about 100% per sqrt(day), about 1,875% annualized). Chosen per hour rather than
 *                    annualized because demo strategies run on second ticks for minutes.
 * @param tickSize    prices (marks, limits, triggers) are multiples of this
 * @param lotSize     sizes are multiples of this
 * @param maxLeverage the highest leverage an account may choose; also sets maintenance margin
 */
public record SymbolSpec(String symbol, BigDecimal startPrice, double volatility, BigDecimal tickSize,
                         BigDecimal lotSize, int maxLeverage) {

    public SymbolSpec {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(startPrice, "startPrice");
        Objects.requireNonNull(tickSize, "tickSize");
        Objects.requireNonNull(lotSize, "lotSize");
        if (tickSize.signum() <= 0 || lotSize.signum() <= 0) {
            throw new IllegalArgumentException(symbol + ": tickSize and lotSize must be positive");
        }
        if (startPrice.signum() <= 0 || startPrice.remainder(tickSize).signum() != 0) {
            throw new IllegalArgumentException(symbol + ": startPrice must be a positive multiple of tickSize");
        }
        if (!(volatility >= 0) || Double.isInfinite(volatility)) {
            throw new IllegalArgumentException(symbol + ": volatility must be >= 0");
        }
        if (maxLeverage < 1) {
            throw new IllegalArgumentException(symbol + ": maxLeverage must be >= 1");
        }
    }

    public MarketInfo toMarketInfo() {
        return new MarketInfo(symbol, tickSize, lotSize, maxLeverage);
    }
}
