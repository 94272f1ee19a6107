package pog.pm.portfolio;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /api/portfolio}. Equity fields are decimal strings or {@code "unknown"}: a trader that does not answer
 * contributes "unknown", and then so does the total ({@code knownEquity} sums only what was seen fresh).
 * Positions of such a trader are its last known ones, each flagged {@code stale} with the time it was observed.
 */
public record PortfolioView(long time, Total total, List<TraderEquity> traders, List<Position> positions,
                            int unprotectedPositions) {

    public static final String UNKNOWN = "unknown";

    public record Total(String equity, BigDecimal knownEquity, boolean complete, List<String> unknownServices) {
    }

    public record TraderEquity(String service, String name, String venue, String state, String equity,
                               String marginUsed, String available, Long observedAt, boolean stale,
                               String lastKnownEquity, Long lastKnownAt, boolean positionsKnown) {
    }

    public record Position(String service, String venue, String symbol, String side, BigDecimal size,
                           BigDecimal entryPrice, BigDecimal markPrice, BigDecimal unrealizedPnl, BigDecimal stopPrice,
                           @com.fasterxml.jackson.annotation.JsonProperty("protected") boolean isProtected,
                           Long observedAt, boolean stale) {
    }
}
