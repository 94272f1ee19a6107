package pog.trader.ownership;

import pog.venue.ClientId;

import java.time.Clock;
import java.util.function.LongConsumer;

/**
 * Client ids for one instance: its epoch and a sequence in memory. When the sequence runs out a fresh epoch is taken
 * ({@link Epochs#next}); {@code onEpoch} hears every epoch before an id carrying it is handed out (the journal
 * remembers it, the watch counts it as ours). Thread-safe.
 */
public final class IdSource {
    private final Clock clock;
    private final LongConsumer onEpoch;
    private long epoch;
    private long sequence;

    IdSource(long firstEpoch, Clock clock, LongConsumer onEpoch) {
        this.clock = clock;
        this.onEpoch = onEpoch;
        this.epoch = firstEpoch;
    }

    public synchronized ClientId next() {
        if (sequence == ClientId.MAX_SEQUENCE) {
            epoch = Epochs.next(clock.millis(), java.util.List.of(epoch));
            sequence = 0;
            onEpoch.accept(epoch);
        }
        return new ClientId(epoch, ++sequence);
    }

    public synchronized long epoch() {
        return epoch;
    }
}
