package pog.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/**
 * One element of a trader's {@code GET /api/positions}: the venue's position plus its protection.
 *
 * @param side            {@code long | short}
 * @param size            always positive; {@code side} says which way
 * @param stopPrice       the trigger of the stop covering it; null without one
 * @param protectedByStop {@code protected} on the wire: resting reduce-only stops cover the whole position (older
 *                        traders send only this; absent reads as false)
 * @param observedAt      when the venue showed this position (epoch ms)
 * @param protection      what the venue showed about this position's stop at {@code protection.verifiedAt}; null
 *                        from traders older than the field
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PositionView(String symbol, String side, BigDecimal size, BigDecimal entryPrice, BigDecimal markPrice,
                           BigDecimal unrealizedPnl, BigDecimal stopPrice,
                           @JsonProperty("protected") boolean protectedByStop, Long observedAt,
                           Protection protection) {

    /**
     * @param state        verified (resting reduce-only stops on the venue cover the whole position), missing (none),
     *                     size_mismatch (they cover less than the position), pending (a stop request awaits the
     *                     venue's answer); a state this version does not know should be read as not verified
     * @param stopOrderId  the venue's id of the stop (the largest, when several cover it); null without one
     * @param triggerPrice that stop's trigger; null without one
     * @param verifiedAt   when the venue last showed the position fully covered (epoch ms); null if never
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Protection(String state, String stopOrderId, BigDecimal triggerPrice, Long verifiedAt) {
        public static final String VERIFIED = "verified";
        public static final String MISSING = "missing";
        public static final String SIZE_MISMATCH = "size_mismatch";
        public static final String PENDING = "pending";
    }
}
