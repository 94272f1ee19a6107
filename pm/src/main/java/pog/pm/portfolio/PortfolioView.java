package pog.pm.portfolio;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /api/portfolio}. Equity fields are decimal strings or {@code "unknown"}: a trader that does not answer
 * contributes "unknown", and then so does the total ({@code knownEquity} sums only what was seen fresh).
 * Positions of such a trader are its last known ones, each flagged {@code stale} with the time it was observed.
 *
 * @param unprotectedPositions positions whose last known protection is not verified (see
 *                             {@link Protection#unprotected()}), stale ones included: PM never assumes a stop came
 *                             back that it did not see
 * @param oldestUnprotectedMs  how long the oldest of them has been unprotected (0 when none)
 */
public record PortfolioView(long time, Total total, List<TraderEquity> traders, List<Position> positions,
                            int unprotectedPositions, long oldestUnprotectedMs) {

    public static final String UNKNOWN = "unknown";

    /** The view without what only the passing of PM's time changes (its stamp, ages): for telling real changes. */
    public PortfolioView timeless() {
        List<Position> ps = positions.stream().map(p -> p.protection() == null ? p
                : new Position(p.service(), p.venue(), p.symbol(), p.side(), p.size(), p.entryPrice(), p.markPrice(),
                p.unrealizedPnl(), p.stopPrice(), p.isProtected(), p.observedAt(), p.stale(),
                new Protection(p.protection().state(), p.protection().stopOrderId(), p.protection().triggerPrice(),
                        p.protection().verifiedAt(), null, p.protection().unprotected(),
                        p.protection().unprotectedSince(), null))).toList();
        return new PortfolioView(0, total, traders, ps, unprotectedPositions, 0);
    }

    public record Total(String equity, BigDecimal knownEquity, boolean complete, List<String> unknownServices) {
    }

    public record TraderEquity(String service, String name, String venue, String state, String equity,
                               String marginUsed, String available, Long observedAt, boolean stale,
                               String lastKnownEquity, Long lastKnownAt, boolean positionsKnown) {
    }

    public record Position(String service, String venue, String symbol, String side, BigDecimal size,
                           BigDecimal entryPrice, BigDecimal markPrice, BigDecimal unrealizedPnl, BigDecimal stopPrice,
                           @JsonProperty("protected") boolean isProtected,
                           Long observedAt, boolean stale, Protection protection) {
    }

    /**
     * A position's protection as its trader last reported it, with what PM adds: how old the report is and how long
     * the position has gone without a verified stop.
     *
     * @param state            the trader's: {@code verified | missing | size_mismatch | pending}, or whatever a newer
     *                         trader says (anything but verified counts as not protected)
     * @param verifiedAt       when the venue last showed the position fully covered (the trader's clock, epoch ms);
     *                         null if never
     * @param verifiedAgeMs    {@code time - verifiedAt}; null if never verified
     * @param unprotected      not verified, and not a pending stop within the trader's bound of
     *                         {@link PortfolioTracker#PENDING_BOUND_MS} ms: what gauges and the dashboard count
     * @param unprotectedSince since when the position has lacked a verified stop: its last verification, or when PM
     *                         first saw it without one if it never had one; null while verified
     * @param unprotectedForMs {@code time - unprotectedSince}; null while verified
     */
    public record Protection(String state, String stopOrderId, BigDecimal triggerPrice, Long verifiedAt,
                             Long verifiedAgeMs, boolean unprotected, Long unprotectedSince, Long unprotectedForMs) {
        public static final String VERIFIED = "verified";
        public static final String PENDING = "pending";
        public static final String MISSING = "missing";
    }
}
