package pog.venue;

import java.math.BigDecimal;

/**
 * The best bid and ask of one market with the size resting at each, as the venue's book feed shows them. A side
 * with nothing resting is null (price and size).
 */
public record TopOfBook(String symbol, BigDecimal bid, BigDecimal bidSize, BigDecimal ask, BigDecimal askSize,
                        long time) {
}
