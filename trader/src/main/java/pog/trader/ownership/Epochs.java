package pog.trader.ownership;

import pog.venue.ClientId;

import java.time.Instant;
import java.util.Collection;

/**
 * Instance epochs: the seconds since {@link #ORIGIN} when the instance started, and never one the journal already
 * knows (then one past the newest it knows). Seconds fit {@link ClientId#EPOCH_BITS} bits for 34 years; two starts
 * are seconds apart (a JVM and a reconciliation take longer than that), so even a trader whose journal is gone gets
 * an epoch its predecessors never used, without trusting anything it may have lost. Two instances started in the
 * same second on one account without a shared journal would share an epoch: {@link AccountWatch} tells them apart
 * by sequences the other never issued.
 */
public final class Epochs {
    /** 2025-01-01T00:00:00Z. */
    public static final long ORIGIN = 1_735_689_600_000L;

    private Epochs() {
    }

    /** A fresh epoch for an instance starting at {@code nowMillis}, newer than every one in {@code known}. */
    public static long next(long nowMillis, Collection<Long> known) {
        long fromClock = Math.floorDiv(nowMillis - ORIGIN, 1000);
        long newest = 0;
        for (long k : known) {
            newest = Math.max(newest, k);
        }
        long epoch = Math.max(fromClock, newest + 1);
        if (fromClock < 1) {
            throw new IllegalStateException("the clock says " + Instant.ofEpochMilli(nowMillis)
                    + ", before 2025: client ids need a clock that is right");
        }
        if (epoch > ClientId.MAX_EPOCH) {
            throw new IllegalStateException("instance epoch " + epoch + " does not fit the venues' client ids");
        }
        return epoch;
    }

    /** When an instance with this epoch started (as far as its epoch says). */
    public static Instant startOf(long epoch) {
        return Instant.ofEpochMilli(ORIGIN + epoch * 1000);
    }
}
