package pog.hyperliquid.client;

import pog.hyperliquid.wire.WireFormat;
import pog.venue.MarketInfo;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One perp of {@code meta}: its asset id (index in the universe), size decimals and leverage cap.
 *
 * <p>Hyperliquid has no fixed tick: a price may have 5 significant figures and at most {@code 6 - szDecimals}
 * decimals (integers always pass). {@link #tickSize} is the step those rules give at a reference price (the mid when
 * the venue was opened), capped at 1 because integers are always valid. It stays valid while the price stays below
 * the next power of ten; above it the real step is coarser, so {@code HyperliquidVenue.place} rounds every price to
 * the rules (never to a worse price for the order) instead of trusting a tick.
 */
record Market(String name, int asset, int szDecimals, int maxLeverage) {

    BigDecimal lotSize() {
        return BigDecimal.ONE.movePointLeft(szDecimals);
    }

    BigDecimal tickSize(BigDecimal referencePrice) {
        int maxDecimals = WireFormat.PERP_MAX_DECIMALS - szDecimals;
        if (referencePrice == null || referencePrice.signum() <= 0) {
            return BigDecimal.ONE.movePointLeft(maxDecimals);
        }
        int exponent = referencePrice.precision() - referencePrice.scale() - 1;
        int decimals = Math.min(maxDecimals, WireFormat.MAX_SIGNIFICANT_FIGURES - 1 - exponent);
        return BigDecimal.ONE.movePointLeft(Math.max(0, decimals));
    }

    static final BigDecimal MIN_ORDER_VALUE = BigDecimal.TEN;

    MarketInfo info(BigDecimal referencePrice) {
        // Hyperliquid's minimum order value is $10 for every perp (docs: "Order must have minimum value of $10").
        return new MarketInfo(name, tickSize(referencePrice), lotSize(), maxLeverage, lotSize(), MIN_ORDER_VALUE);
    }

    /** A valid price for this perp, rounded the given way only if the rules demand it. */
    BigDecimal price(BigDecimal px, RoundingMode mode) {
        if (WireFormat.isValidPerpPrice(px, szDecimals)) {
            return px;
        }
        return WireFormat.roundPerpPrice(px, szDecimals, mode);
    }
}
