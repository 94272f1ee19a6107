package pog.venue;

import java.math.BigDecimal;

/** Trading rules of one symbol: prices are multiples of tickSize, sizes multiples of lotSize. */
public record MarketInfo(String symbol, BigDecimal tickSize, BigDecimal lotSize, int maxLeverage) {
}
