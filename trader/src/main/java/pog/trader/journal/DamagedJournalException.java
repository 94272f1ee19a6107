package pog.trader.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The journal file exists but is not a journal this trader can read. Thrown before anything is written to it, so
 * the file is exactly as it was found; the message says so and what to do, in one line.
 */
public final class DamagedJournalException extends IOException {
    private final Path file;
    private final String problem;

    DamagedJournalException(Path file, String problem) {
        super("journal " + file + " is damaged (" + problem + "); nothing was changed. Move it aside (mv " + file + " "
                + file + ".damaged, and its -wal and -shm files if present) and start again: the trader then rebuilds"
                + " its state from the venue");
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** What is wrong with it, in a few words. */
    public String problem() {
        return problem;
    }
}
