package pog.sim;

import java.math.BigDecimal;
import java.util.List;
import pog.venue.Side;

/**
 * The resting liquidity a taker meets: the displayed book of a front end (Hyperliquid's synthetic l2Book). With one
 * installed ({@link Exchange#useLiquidity}), a marketable order walks these levels best first, each level filling at
 * its own price and at most its own size; without one, takers fill at the mark with unlimited size.
 *
 * <p>The levels are a function of the mark: the synthetic market makers requote after every request, so what one
 * order takes is not missing for the next. Users' own resting orders are not in it (they fill against the mark).
 */
public interface Liquidity {
    /** One price level: a positive size at a positive price. */
    record Level(BigDecimal price, BigDecimal size) {
    }

    /**
     * The levels an order on {@code takerSide} meets, best first: the asks (ascending) for a buy, the bids
     * (descending) for a sell. Empty when the symbol has no book.
     */
    List<Level> levels(String symbol, Side takerSide, BigDecimal mark);

    /**
     * The best level an order on {@code takerSide} meets (the first of {@link #levels}), or null for no book. Most
     * orders only need this one to know they do not cross; a book may answer it without building the others.
     */
    default Level best(String symbol, Side takerSide, BigDecimal mark) {
        List<Level> all = levels(symbol, takerSide, mark);
        return all.isEmpty() ? null : all.get(0);
    }
}
