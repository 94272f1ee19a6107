package pog.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding rules for money, in one place so every balance, fee and PnL agrees to the last digit. */
final class Money {
    /** USDC has six decimals; every amount credited or debited is rounded to them. */
    static final int SCALE = 6;
    /** Entry prices are averages and need more digits than a tick, or realized PnL would drift. */
    static final int ENTRY_SCALE = 10;
    private static final BigDecimal BPS = new BigDecimal("10000");

    private Money() {
    }

    static BigDecimal of(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    static BigDecimal fee(BigDecimal size, BigDecimal price, BigDecimal bps) {
        return of(size.multiply(price).multiply(bps).divide(BPS));
    }

    /** Drops the zeros an average leaves behind (60500.0000000000 -> 60500) without going to exponent form. */
    static BigDecimal clean(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
