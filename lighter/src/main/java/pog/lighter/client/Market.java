package pog.lighter.client;

import pog.venue.MarketInfo;

import java.math.BigDecimal;

/** One Lighter market: its id, symbol and integer scaling (sizes and prices travel as integers of these decimals). */
record Market(int id, String symbol, int sizeDecimals, int priceDecimals, int maxLeverage, BigDecimal minBase,
              BigDecimal minQuote) {
    Market(int id, String symbol, int sizeDecimals, int priceDecimals, int maxLeverage) {
        this(id, symbol, sizeDecimals, priceDecimals, maxLeverage, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    MarketInfo info() {
        return new MarketInfo(symbol, BigDecimal.ONE.movePointLeft(priceDecimals),
                BigDecimal.ONE.movePointLeft(sizeDecimals), maxLeverage, minBase, minQuote);
    }
}
