package pog.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Geometric Brownian motion without drift, one step per feed tick, from a counter-based random source.
 *
 * <p>The normal draw of a step depends only on (seed, symbol, step index), so the whole random state of the feed
 * is the step count: nothing but that count and the last raw price needs persisting to continue a series exactly
 * after a restart. StrictMath keeps the doubles identical on every JVM and CPU.
 *
 * <p>The raw price is kept unrounded between steps; rounding each step to the tick would stick a calm market to its
 * tick grid. Only the published mark is rounded.
 */
final class PriceFeed {
    private static final double MILLIS_PER_HOUR = 3_600_000d;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final long tickMillis;

    PriceFeed(long seed, long tickMillis) {
        this.seed = seed;
        this.tickMillis = tickMillis;
    }

    /** The raw price after step number {@code step} (0-based) starting from {@code raw}. */
    double next(SymbolSpec spec, double raw, long step) {
        double dtHours = tickMillis / MILLIS_PER_HOUR;
        double sigma = spec.volatility();
        double z = gaussian(spec.symbol(), step);
        // The -sigma^2/2 term makes the expected price constant: no drift in either direction.
        double next = raw * StrictMath.exp(-0.5 * sigma * sigma * dtHours + sigma * StrictMath.sqrt(dtHours) * z);
        // A price can never reach zero on a real exchange; one tick is the floor of the published mark anyway.
        double floor = spec.tickSize().doubleValue();
        return Math.max(next, floor);
    }

    /** The published mark: the raw price rounded to the symbol's tick, never below one tick. */
    static BigDecimal toMark(SymbolSpec spec, double raw) {
        BigDecimal tick = spec.tickSize();
        BigDecimal ticks = BigDecimal.valueOf(raw).divide(tick, 0, RoundingMode.HALF_EVEN);
        BigDecimal mark = ticks.multiply(tick);
        return mark.signum() > 0 ? mark : tick;
    }

    /** Standard normal draw for one symbol and step (Box-Muller on two counter-based uniforms). */
    double gaussian(String symbol, long step) {
        long stream = mix(seed ^ mix(symbol.hashCode() * GOLDEN_GAMMA + 1));
        long a = mix(stream + (2 * step + 1) * GOLDEN_GAMMA);
        long b = mix(stream + (2 * step + 2) * GOLDEN_GAMMA);
        double u1 = 1.0 - uniform(a); // (0, 1]: keeps log finite
        double u2 = uniform(b);
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    private static double uniform(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    // SplitMix64's finalizer: a bijective mixer, so distinct counters give independent-looking outputs.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
