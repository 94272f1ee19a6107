package pog.trader.engine;

import pog.contract.PositionView;
import pog.venue.Account;
import pog.venue.Order;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Everything the API shows, as of one moment; immutable, replaced whole after every loop iteration.
 *
 * @param lastLoopAt     when the loop last completed an iteration (0: never)
 * @param lastVenueOkAt  when a venue call last succeeded (0: never)
 * @param lastMarkAt     when a mark price last arrived (0: never)
 * @param pausedBy       who paused the trader (null when not paused, or paused before this was recorded)
 * @param pausedAt       when (0: unknown)
 * @param haltReason     why the risk limits stopped new entries, as a fact ("daily loss 512.00 of 500.00 USDC ...")
 * @param journalError   why the journal cannot be written right now (null: it can)
 * @param journalFailingSince when it started failing
 */
public record Snapshot(List<PositionView> positions, List<Order> openOrders, Account account,
                       Map<String, BigDecimal> marks, long lastLoopAt, long lastVenueOkAt, String venueError,
                       long lastMarkAt, int unprotected, boolean paused, String pausedBy, long pausedAt,
                       String haltReason, String journalError, long journalFailingSince) {
    public static Snapshot empty() {
        return new Snapshot(List.of(), List.of(), null, Map.of(), 0, 0, null, 0, 0, false, null, 0, null, null, 0);
    }
}
