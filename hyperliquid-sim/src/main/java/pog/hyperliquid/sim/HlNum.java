package pog.hyperliquid.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers the way Hyperliquid writes them in responses: decimal strings, trailing zeros dropped but a whole number
 * keeps one decimal ("60000.0", "0.0"), as in every recorded answer of the venue. Money is rounded to 6 decimals
 * (USDC), ratios to 8.
 */
final class HlNum {
    private HlNum() {
    }

    static String str(BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() == 0) {
            return "0.0";
        }
        String plain = value.stripTrailingZeros().toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    static String usd(BigDecimal value) {
        return str(value.setScale(6, RoundingMode.HALF_EVEN));
    }

    static String ratio(BigDecimal value) {
        return str(value.setScale(8, RoundingMode.HALF_EVEN));
    }
}
