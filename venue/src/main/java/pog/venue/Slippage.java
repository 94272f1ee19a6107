package pog.venue;

import java.math.BigDecimal;

/**
 * How far from a reference price an order that must fill may go: a MARKET order's worst price beyond the mark, and a
 * triggered stop's worst price beyond its trigger (as the venues' own front ends send them).
 */
public final class Slippage {
    /** A MARKET order's default: 5%, the SDKs' {@code market_open}. */
    public static final BigDecimal DEFAULT_MARKET = new BigDecimal("0.05");
    /** A stop's or take-profit's limit beyond its trigger: 10%, so it fills when it fires. */
    public static final BigDecimal TRIGGER = new BigDecimal("0.10");

    private Slippage() {
    }

    /** A configured market slippage, {@link #DEFAULT_MARKET} when null; it must lie strictly between 0 and 1. */
    public static BigDecimal market(BigDecimal configured) {
        BigDecimal s = configured == null ? DEFAULT_MARKET : configured;
        if (s.signum() <= 0 || s.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("marketSlippage must be between 0 and 1, got " + s);
        }
        return s;
    }

    /** {@code price} moved by {@code slippage} against the order: up for a buy, down for a sell (not rounded). */
    public static BigDecimal worst(BigDecimal price, Side side, BigDecimal slippage) {
        return price.multiply(side == Side.BUY ? BigDecimal.ONE.add(slippage) : BigDecimal.ONE.subtract(slippage));
    }
}
