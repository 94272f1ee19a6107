package pog.pm.health;

/**
 * When the next round of health reads goes out, so that no service waits longer than {@code intervalMs} between two
 * reads (the dashboard's freshness promise). A round is due at a time; its reads leave on a small pool, so the last
 * one is answered some time after the due time (its spread: the wake-up delay of the timer, the queue in front of
 * it and the round trip). Rounds at exactly {@code intervalMs} would therefore leave a service whose read came early
 * in one round and late in the next more than {@code intervalMs} unread. So each round is due
 * {@code intervalMs - lead} after the previous round's due time (never after its end, so lateness does not add up),
 * where the lead is the largest spread of the last {@value #ROUNDS} rounds (a minute at 2 s) plus a quarter of it
 * for what has not been seen yet, at least 50 ms and at most a quarter of the interval. On a quiet machine the lead is a few tens of milliseconds (about 2 % more reads); under
 * load it grows with what the rounds take.
 *
 * <p>Times are monotonic milliseconds from the caller (System.nanoTime based), so tests give exact ones.
 */
final class ReadPacer {
    static final int ROUNDS = 30;

    private final long intervalMs;
    private final long floorMs;
    private final long capMs;
    private final long[] spreads = new long[ROUNDS];
    private final long[] dueAts = new long[ROUNDS];
    private int next;

    ReadPacer(long intervalMs) {
        this.intervalMs = intervalMs;
        this.capMs = intervalMs / 4;
        this.floorMs = Math.min(50, capMs);
    }

    /** A round due at {@code dueAt} goes out now; it takes the slot of the oldest round remembered. */
    synchronized Round begin(long dueAt) {
        int slot = next;
        next = (next + 1) % ROUNDS;
        spreads[slot] = 0;
        dueAts[slot] = dueAt;
        return new Round(slot, dueAt);
    }

    /** One round of reads: each answered read reports when its answer came. */
    final class Round {
        private final int slot;
        private final long dueAt;

        private Round(int slot, long dueAt) {
            this.slot = slot;
            this.dueAt = dueAt;
        }

        long dueAt() {
            return dueAt;
        }

        /** A read of this round was answered at {@code answeredAt}. */
        void answered(long answeredAt) {
            synchronized (ReadPacer.this) {
                if (dueAts[slot] != dueAt) {
                    return; // a straggler from a round long forgotten
                }
                spreads[slot] = Math.max(spreads[slot], Math.max(0, answeredAt - dueAt));
            }
        }
    }

    /** How much earlier than {@code intervalMs} after the previous due time the next round goes. */
    synchronized long leadMs() {
        long worst = 0;
        for (long s : spreads) {
            worst = Math.max(worst, s);
        }
        return Math.min(capMs, Math.max(floorMs, worst + worst / 4));
    }

    /** When the round after the one due at {@code dueAt} is due. */
    long nextDue(long dueAt) {
        return dueAt + intervalMs - leadMs();
    }
}
