package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.trader.journal.Journal;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The journal, when it fails: every journal write and read of the engine passes here (the writes from the
 * {@link JournalRecorder}, which keeps what the engine reports). A failure is reported in health
 * and stops new entries until a write works again; it never stops the engine from protecting positions. After one
 * failure the rest of the round does not try again (a locked file would cost its timeout each time). Decision thread
 * only; never throws what the journal threw.
 */
final class JournalGate {
    private static final Logger log = LoggerFactory.getLogger(JournalGate.class);

    private final Journal journal;
    private final Clock clock;
    /** Why the journal cannot be written (null: it can), and since when. Read by snapshots. */
    private String error;
    private long failingSince;
    /** Set after a failed write: the rest of this round does not wait on the journal again. */
    private boolean skipRest;
    /** Writes that failed or were skipped, ever: a caller compares it before and after to know if its writes held. */
    private long misses;
    /** Symbols whose entry was skipped for the journal since it failed, so the log says it once each. */
    private final Set<String> skippedEntries = new HashSet<>();

    JournalGate(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    Journal journal() {
        return journal;
    }

    /** A new round of work: the journal is tried again. */
    void newRound() {
        skipRest = false;
    }

    /** Why it cannot be written, or null. */
    String error() {
        return error;
    }

    long failingSince() {
        return failingSince;
    }

    /** True once per symbol while the journal is down: the first skipped entry of each is logged. */
    boolean firstSkip(String symbol) {
        return skippedEntries.add(symbol);
    }

    /** A mark to ask {@link #heldSince} about: whether every write from here on was kept. */
    long mark() {
        return misses;
    }

    /** True when no write failed or was skipped since {@code mark}. */
    boolean heldSince(long mark) {
        return misses == mark;
    }

    /** Runs a journal write (or a read-and-write); false when the journal failed. */
    boolean record(Runnable write) {
        if (skipRest) {
            misses++;
            return false;
        }
        try {
            write.run();
            ok();
            return true;
        } catch (Journal.JournalException e) {
            failed(e);
            return false;
        }
    }

    /** A journal read (or an allocation that may write); null when the journal failed. */
    <T> T read(Supplier<T> read) {
        if (skipRest) {
            return null;
        }
        try {
            return read.get();
        } catch (Journal.JournalException e) {
            failed(e);
            return null;
        }
    }

    /** A line in the journal's event log (what {@code pog replay} and a person read back). */
    void event(long now, String kind, String detail) {
        record(() -> journal.event(now, kind, detail));
    }

    private void ok() {
        if (error != null) {
            long failedFor = clock.millis() - failingSince;
            log.info("event=journal_recovered failed_for_ms={} was=\"{}\"", failedFor, error);
            String was = error;
            error = null;
            skippedEntries.clear();
            event(clock.millis(), "journal_recovered", "not writable for " + failedFor + " ms (" + was + ")");
        }
    }

    private void failed(Journal.JournalException e) {
        misses++;
        skipRest = true;
        if (error == null) {
            failingSince = clock.millis();
            log.error("event=journal_not_writable reason=\"{}\" effect=\"no new entries; stops stay and are "
                    + "re-placed\"", e.reason());
        }
        error = e.reason();
    }
}
