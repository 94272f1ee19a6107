package pog.trader.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/**
 * A position as the trader's API shows it: the venue's position plus its protection.
 *
 * @param protection what the venue showed about this position's stop at {@code protection.verifiedAt}
 */
public record PositionView(String symbol, String side, BigDecimal size, BigDecimal entryPrice, BigDecimal markPrice,
                           BigDecimal unrealizedPnl, BigDecimal stopPrice,
                           @JsonProperty("protected") boolean protectedByStop, long observedAt,
                           Protection protection) {

    /**
     * @param state        verified (resting reduce-only stops on the venue cover the whole position), missing (none),
     *                     size_mismatch (they cover less than the position), pending (a stop request awaits the
     *                     venue's answer)
     * @param stopOrderId  the venue's id of the stop (the largest, when several cover it); null without one
     * @param verifiedAt   when the venue last showed the position fully covered (epoch ms); null if never
     */
    public record Protection(String state, String stopOrderId, BigDecimal triggerPrice, Long verifiedAt) {
        public static final String VERIFIED = "verified";
        public static final String MISSING = "missing";
        public static final String SIZE_MISMATCH = "size_mismatch";
        public static final String PENDING = "pending";
    }
}
