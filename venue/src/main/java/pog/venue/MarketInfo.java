package pog.venue;

import java.math.BigDecimal;

/**
 * Trading rules of one symbol: prices are multiples of tickSize, sizes multiples of lotSize; an order that opens
 * or adds must be at least {@code minSize} and at least {@code minNotional} in quote value (zero: no minimum).
 */
public record MarketInfo(String symbol, BigDecimal tickSize, BigDecimal lotSize, int maxLeverage, BigDecimal minSize,
                         BigDecimal minNotional) {

    public MarketInfo {
        minSize = minSize == null ? BigDecimal.ZERO : minSize;
        minNotional = minNotional == null ? BigDecimal.ZERO : minNotional;
    }

    /** A market without a minimum order size or value. */
    public MarketInfo(String symbol, BigDecimal tickSize, BigDecimal lotSize, int maxLeverage) {
        this(symbol, tickSize, lotSize, maxLeverage, BigDecimal.ZERO, BigDecimal.ZERO);
    }
}
