package pog.pm.alerts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The highest equity of each key (a trader, or the portfolio) within a sliding window, and how far the latest
 * sample is below it. Samples are PM's own observations with their times; nothing here reads a clock.
 */
final class EquityDrop {
    /** A fall of {@code percent} from {@code peak} (seen at {@code peakAt}) to {@code now}. */
    record Drop(BigDecimal peak, long peakAt, BigDecimal now, BigDecimal percent) {
    }

    private record Sample(long time, BigDecimal equity) {
    }

    private final BigDecimal threshold;
    private final long windowMs;
    private final Map<String, Deque<Sample>> samples = new HashMap<>();

    EquityDrop(BigDecimal thresholdPercent, long windowMs) {
        this.threshold = thresholdPercent;
        this.windowMs = windowMs;
    }

    /** Records a sample; returns the drop when it is at least the threshold, else null. */
    synchronized Drop observe(String key, long time, BigDecimal equity) {
        Deque<Sample> d = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
        // keep a falling sequence of maxima: a sample below a later one can never be the window's peak again
        while (!d.isEmpty() && d.peekLast().equity().compareTo(equity) <= 0) {
            d.pollLast();
        }
        d.addLast(new Sample(time, equity));
        while (d.peekFirst().time() < time - windowMs) {
            d.pollFirst();
        }
        Sample peak = d.peekFirst();
        if (peak.equity().signum() <= 0 || peak.equity().compareTo(equity) <= 0) {
            return null;
        }
        BigDecimal pct = peak.equity().subtract(equity).multiply(BigDecimal.valueOf(100))
                .divide(peak.equity(), MathContext.DECIMAL64).setScale(2, RoundingMode.HALF_UP);
        return pct.compareTo(threshold) >= 0 ? new Drop(peak.equity(), peak.time(), equity, pct) : null;
    }
}
