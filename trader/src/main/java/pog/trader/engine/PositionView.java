package pog.trader.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/** A position as the trader's API shows it: the venue's position plus its protection. */
public record PositionView(String symbol, String side, BigDecimal size, BigDecimal entryPrice, BigDecimal markPrice,
                           BigDecimal unrealizedPnl, BigDecimal stopPrice,
                           @JsonProperty("protected") boolean protectedByStop, long observedAt) {
}
