package pog.trader.reconcile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.trader.journal.Journal;
import pog.trader.journal.Journal.Purpose;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.Venue;

import java.util.List;
import java.util.Set;

/**
 * Reads the venue's account state ({@link #read}, on the venue worker) and folds it into the journal
 * ({@link #resolvePending}, {@link #markFilled}, on the decision thread).
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** A PENDING entry/exit older than this is not sent again: the moment it was meant for has passed. */
    public static final long PENDING_RESEND_MILLIS = 10_000;

    private final Venue venue;
    private final Journal journal;

    public Reconciler(Venue venue, Journal journal) {
        this.venue = venue;
        this.journal = journal;
    }

    /**
     * One snapshot of the account: marks, account, positions, open orders and the fills after {@code cursor}
     * (null: the journal could not say, so none are read and the same fills come again next time). Runs on the
     * venue worker; throws what the venue throws.
     */
    public VenueView read(Long cursor, boolean withMarkets, long writeGen) {
        var markets = withMarkets ? venue.markets() : null;
        var marks = venue.marks();
        var account = venue.account();
        var positions = venue.positions();
        List<Order> open = venue.openOrders();
        List<Fill> fills = cursor == null ? List.of() : venue.fillsSince(cursor);
        return new VenueView(markets, marks, account, positions, open, fills, writeGen);
    }

    /**
     * Orders journaled as PENDING had no answer (timeout or crash). The venue knows them by client id: open or
     * filled there means sent. Nothing is ever sent again from here: a stop not found is abandoned and protection
     * places a fresh one; an entry or exit not found is abandoned once it is older than any answer could be, since
     * its moment has passed. Orders whose call is still in flight ({@code inFlight}) are left alone: the view may
     * predate them.
     */
    public int resolvePending(List<Order> open, List<Fill> fills, long now, boolean startup, Set<String> inFlight) {
        int resolved = 0;
        for (Journal.JournalOrder jo : journal.ordersWithStatus("PENDING")) {
            if (inFlight.contains(jo.clientId())) {
                continue;
            }
            Order onVenue = open.stream().filter(o -> jo.clientId().equals(o.clientId())).findFirst().orElse(null);
            boolean filled = fills.stream().anyMatch(f -> jo.clientId().equals(f.clientId()));
            if (onVenue != null) {
                journal.orderUpdate(onVenue, now);
            } else if (filled) {
                journal.orderStatus(jo.clientId(), "FILLED", null, now);
            } else if (jo.purpose() == Purpose.STOP || startup || now - jo.createdAt() > PENDING_RESEND_MILLIS) {
                journal.orderStatus(jo.clientId(), "ABANDONED", "no answer; not found on venue", now);
            } else {
                continue;
            }
            resolved++;
            log.info("event=pending_resolved client_id={} purpose={} outcome={}", jo.clientId(), jo.purpose(),
                    onVenue != null ? "open" : filled ? "filled" : "abandoned");
        }
        return resolved;
    }

    /** Marks the journal's orders that these fills filled. */
    public void markFilled(List<Fill> fills, long now) {
        for (Fill f : fills) {
            if (f.clientId() != null) {
                journal.orderStatus(f.clientId(), "FILLED", f.liquidation() ? "liquidation" : null, now);
            }
        }
    }
}
