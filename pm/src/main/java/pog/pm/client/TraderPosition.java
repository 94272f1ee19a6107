package pog.pm.client;

import java.math.BigDecimal;

/** One position as a trader reports it in {@code GET /api/positions}. */
public record TraderPosition(String symbol, String side, BigDecimal size, BigDecimal entryPrice, BigDecimal markPrice,
                             BigDecimal unrealizedPnl, BigDecimal stopPrice, boolean isProtected, Long observedAt) {
    @com.fasterxml.jackson.annotation.JsonCreator
    public static TraderPosition of(@com.fasterxml.jackson.annotation.JsonProperty("symbol") String symbol,
                                    @com.fasterxml.jackson.annotation.JsonProperty("side") String side,
                                    @com.fasterxml.jackson.annotation.JsonProperty("size") BigDecimal size,
                                    @com.fasterxml.jackson.annotation.JsonProperty("entryPrice") BigDecimal entryPrice,
                                    @com.fasterxml.jackson.annotation.JsonProperty("markPrice") BigDecimal markPrice,
                                    @com.fasterxml.jackson.annotation.JsonProperty("unrealizedPnl") BigDecimal unrealizedPnl,
                                    @com.fasterxml.jackson.annotation.JsonProperty("stopPrice") BigDecimal stopPrice,
                                    @com.fasterxml.jackson.annotation.JsonProperty("protected") Boolean isProtected,
                                    @com.fasterxml.jackson.annotation.JsonProperty("observedAt") Long observedAt) {
        return new TraderPosition(symbol, side, size, entryPrice, markPrice, unrealizedPnl, stopPrice,
                Boolean.TRUE.equals(isProtected), observedAt);
    }
}
