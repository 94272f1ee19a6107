package pog.hyperliquid.wire;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as Hyperliquid wants them on the wire: plain decimal strings with no trailing zeros, at most 8 decimals,
 * prices with at most 5 significant figures (integers always allowed) and at most {@code 6 - szDecimals} decimals,
 * sizes with at most {@code szDecimals} decimals. These rules are for perps; spot allows 8 - szDecimals.
 *
 * <p>The {@code ...ToWire} methods refuse a value that the rule would change (a silently rounded price is a
 * different order); the {@code round...} methods are for callers that decide which way to round.
 */
public final class WireFormat {
    /** Perp prices carry at most this many decimals minus the asset's szDecimals. */
    public static final int PERP_MAX_DECIMALS = 6;
    public static final int MAX_SIGNIFICANT_FIGURES = 5;
    private static final BigDecimal TOLERANCE = new BigDecimal("1e-12");

    private WireFormat() {
    }

    /**
     * A double as the Python SDK's {@code float_to_wire} writes it: rounded to 8 decimals, refused if that moves it
     * by 1e-12 or more, trailing zeros stripped, never "-0".
     */
    public static String floatToWire(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("cannot send " + x + " to Hyperliquid");
        }
        // new BigDecimal(double) is the exact binary value, so HALF_EVEN rounds as Python's "%.8f" does.
        BigDecimal rounded = new BigDecimal(x).setScale(8, RoundingMode.HALF_EVEN);
        if (Math.abs(rounded.doubleValue() - x) >= 1e-12) {
            throw new IllegalArgumentException("float_to_wire would round " + x + " (more than 8 decimals)");
        }
        return plain(rounded);
    }

    /** The same rule for a decimal: at most 8 decimals (up to 1e-12 of noise is rounded away). */
    public static String floatToWire(BigDecimal x) {
        BigDecimal rounded = x.setScale(8, RoundingMode.HALF_EVEN);
        if (rounded.subtract(x).abs().compareTo(TOLERANCE) >= 0) {
            throw new IllegalArgumentException("float_to_wire would round " + x.toPlainString()
                    + " (more than 8 decimals)");
        }
        return plain(rounded);
    }

    /** True if {@code px} is a price a perp with {@code szDecimals} accepts as is. */
    public static boolean isValidPerpPrice(BigDecimal px, int szDecimals) {
        checkSzDecimals(szDecimals);
        if (px.signum() <= 0) {
            return false;
        }
        BigDecimal stripped = px.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            return true;
        }
        return stripped.scale() <= PERP_MAX_DECIMALS - szDecimals && stripped.precision() <= MAX_SIGNIFICANT_FIGURES;
    }

    /**
     * The nearest valid perp price in direction {@code mode}: 5 significant figures, at most
     * {@code 6 - szDecimals} decimals, and no decimals at all once the integer part alone has 5 or more digits.
     */
    public static BigDecimal roundPerpPrice(BigDecimal px, int szDecimals, RoundingMode mode) {
        checkSzDecimals(szDecimals);
        if (px.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive, got " + px.toPlainString());
        }
        int exponent = px.precision() - px.scale() - 1; // floor(log10(px)) for px > 0
        int decimals = Math.max(0, Math.min(PERP_MAX_DECIMALS - szDecimals, MAX_SIGNIFICANT_FIGURES - 1 - exponent));
        BigDecimal rounded = px.setScale(decimals, mode);
        if (rounded.signum() == 0) {
            throw new IllegalArgumentException("price " + px.toPlainString() + " rounds to zero with szDecimals "
                    + szDecimals);
        }
        return rounded.stripTrailingZeros();
    }

    /** A valid perp price as its wire string; refuses (never rounds) an invalid one. */
    public static String perpPriceToWire(BigDecimal px, int szDecimals) {
        if (!isValidPerpPrice(px, szDecimals)) {
            throw new IllegalArgumentException("price " + px.toPlainString() + " is not valid for a perp with szDecimals "
                    + szDecimals + ": it needs to be positive with at most " + MAX_SIGNIFICANT_FIGURES
                    + " significant figures and " + (PERP_MAX_DECIMALS - szDecimals)
                    + " decimals, or an integer (see roundPerpPrice)");
        }
        return plain(px);
    }

    public static BigDecimal roundSize(BigDecimal sz, int szDecimals, RoundingMode mode) {
        checkSzDecimals(szDecimals);
        return sz.setScale(szDecimals, mode).stripTrailingZeros();
    }

    /** A positive size with at most {@code szDecimals} decimals as its wire string; refuses anything else. */
    public static String sizeToWire(BigDecimal sz, int szDecimals) {
        checkSzDecimals(szDecimals);
        if (sz.signum() <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + sz.toPlainString());
        }
        if (sz.stripTrailingZeros().scale() > szDecimals) {
            throw new IllegalArgumentException("size " + sz.toPlainString() + " has more than " + szDecimals
                    + " decimals (see roundSize)");
        }
        return plain(sz);
    }

    private static String plain(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    private static void checkSzDecimals(int szDecimals) {
        if (szDecimals < 0 || szDecimals > PERP_MAX_DECIMALS) {
            throw new IllegalArgumentException("szDecimals must be 0.." + PERP_MAX_DECIMALS + ", got " + szDecimals);
        }
    }
}
