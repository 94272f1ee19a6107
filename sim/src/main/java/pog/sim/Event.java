package pog.sim;

import java.math.BigDecimal;
import pog.venue.Fill;
import pog.venue.Order;

/** Something listeners hear about, queued during a transaction and delivered after it committed. */
sealed interface Event {
    record MarkEvent(String symbol, BigDecimal mark, long time) implements Event {
    }

    record OrderEvent(String accountId, Order order) implements Event {
    }

    record FillEvent(String accountId, Fill fill) implements Event {
    }
}
