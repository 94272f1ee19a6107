package pog.trader.reconcile;

import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.Position;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One read of the venue, taken off the decision thread.
 *
 * @param markets   the venue's markets (only on the start-up read; null otherwise)
 * @param fills     fills after the journal's cursor (empty when the cursor could not be read)
 * @param writeGen  the engine's write generation when the read began: a symbol written to after that is not judged
 *                  from this view
 */
public record VenueView(List<MarketInfo> markets, Map<String, BigDecimal> marks, Account account,
                        List<Position> positions, List<Order> openOrders, List<Fill> fills, long writeGen) {
}
